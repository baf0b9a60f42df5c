/**
 * The admin HTTP endpoints and the status page; they read the scheduler through tasks on its
 * thread. Internal.
 */
package dev.odyssey.lb.admin;

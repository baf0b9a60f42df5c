/**
 * The worker's side: its end of a link to a balancer, the port that serves both protocols, and what
 * those handlers need from the worker process. Internal.
 */
package dev.odyssey.lb.worker;

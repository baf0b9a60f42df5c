/**
 * The balancing policies ({@code --policy}) and what they may see of a worker. Scheduler thread
 * only. Internal.
 */
package dev.odyssey.lb.balancer.policy;

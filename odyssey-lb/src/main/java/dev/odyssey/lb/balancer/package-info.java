/**
 * The balancer: the {@link dev.odyssey.lb.balancer.Scheduler} (queue, jobs in flight, retries,
 * timeouts), its view of each worker, its metrics, and the balancer's end of a worker link. All of
 * it runs on the scheduler event loop. Internal.
 */
package dev.odyssey.lb.balancer;

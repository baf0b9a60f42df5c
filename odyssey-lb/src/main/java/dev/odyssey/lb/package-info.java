/**
 * The job load balancer's public API: {@link dev.odyssey.lb.LoadBalancer} and {@link
 * dev.odyssey.lb.Worker} with their configurations, the blocking {@link dev.odyssey.lb.JobClient},
 * and the jobs themselves ({@link dev.odyssey.lb.JobType}, {@link dev.odyssey.lb.Jobs}). The
 * sub-packages are internal, grouped by role: {@code protocol.client} and {@code protocol.frame}
 * (the two wire protocols), {@code balancer} (scheduler, policies, the balancer's end of worker
 * links), {@code worker} (the worker's end), {@code admin} (HTTP), {@code net} (transport,
 * redialling, connection limits shared by all of them) and {@code cli}.
 */
package dev.odyssey.lb;

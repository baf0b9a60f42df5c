/**
 * Networking shared by the balancer, the worker and the load generator: the transport choice (epoll
 * or NIO), redialling with backoff, connection limits. Internal.
 */
package dev.odyssey.lb.net;

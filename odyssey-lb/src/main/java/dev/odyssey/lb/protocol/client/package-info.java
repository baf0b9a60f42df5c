/**
 * The client protocol (docs/protocol.md, "Client protocol"): the line parser (a codec with no Netty
 * handler state) and the session handler that keeps answers in arrival order, for the balancer and
 * for a worker serving clients directly. Internal.
 */
package dev.odyssey.lb.protocol.client;

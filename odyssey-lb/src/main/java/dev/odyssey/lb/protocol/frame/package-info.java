/**
 * The worker protocol's frames (docs/protocol.md, "Worker protocol"): the messages, their decoder
 * and encoder (codecs only, no link logic), and the HMAC proof of the join handshake. Used by both
 * ends of a link. Internal.
 */
package dev.odyssey.lb.protocol.frame;

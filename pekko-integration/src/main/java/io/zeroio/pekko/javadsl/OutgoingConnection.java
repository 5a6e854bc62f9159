package io.zeroio.pekko.javadsl;

import java.net.SocketAddress;

/**
 * The materialized value of a connection flow, completed once the connection is established.
 *
 * @param address the remote address (outgoing) or the local bound address (incoming)
 * @param shard   index of the shard that owns the connection
 */
public record OutgoingConnection(SocketAddress address, int shard) {
}

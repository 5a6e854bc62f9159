package io.zeroio.pekko.javadsl;

import java.net.SocketAddress;

/**
 * A received datagram: a {@link Lease} on the slot the kernel wrote, and its sender. Release the
 * lease (or send it on) like any other.
 *
 * @param payload the bytes
 * @param sender  where it came from
 */
public record Datagram(Lease payload, SocketAddress sender) {
}

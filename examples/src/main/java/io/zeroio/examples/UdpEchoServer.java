package io.zeroio.examples;

import java.net.InetSocketAddress;

import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * UDP echo on shards: every datagram goes back to its source, sent from the slot it was received
 * into ({@code Io.udpSendLease}: one more reference on the slot, no copy).
 *
 * <pre>
 * bin/zero-io echo udp --port 7001     # then, elsewhere: nc -u 127.0.0.1 7001
 * </pre>
 */
public final class UdpEchoServer {
    private UdpEchoServer() {
    }

    /**
     * Starts the server and returns once every shard is bound. With {@code shards > 1} every shard
     * binds the same port with SO_REUSEPORT ({@code io.udpBind(address, true)}); the kernel then
     * spreads datagrams over the shards by a hash of their addresses and ports.
     *
     * @param address host and port; port 0 picks a free port ({@link RunningServer#port()} tells which)
     */
    public static RunningServer start(InetSocketAddress address, BackendKind backend, int shards) throws ZeroIoException {
        return RunningServer.start("udp", address, backend, shards, true,
            (io, at, reusePort) -> io.udpBind((InetSocketAddress) at, reusePort));
    }

    /** Same as {@code bin/zero-io echo udp [options]}. */
    public static void main(String[] args) {
        Launcher.main(EchoCommand.argv("udp", args));
    }
}

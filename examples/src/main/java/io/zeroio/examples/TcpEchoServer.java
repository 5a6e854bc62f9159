package io.zeroio.examples;

import java.net.InetSocketAddress;

import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * TCP echo on shards. Each shard runs the runtime's inline
 * {@link io.zeroio.runtime.shard.EchoHandler}: received bytes go back out of the very slot the
 * kernel wrote them into ({@code Io.sendLease}), with no copy and no allocation per message.
 *
 * <pre>
 * bin/zero-io echo tcp --port 7000 --shards 2     # then, elsewhere: nc 127.0.0.1 7000
 * </pre>
 */
public final class TcpEchoServer {
    private TcpEchoServer() {
    }

    /**
     * Starts the server and returns once every shard listens. With {@code shards > 1} every shard
     * listens on the same port with SO_REUSEPORT ({@code io.tcpListen(address, 1024, true)}).
     *
     * @param address host and port; port 0 picks a free port ({@link RunningServer#port()} tells which)
     */
    public static RunningServer start(InetSocketAddress address, BackendKind backend, int shards) throws ZeroIoException {
        return RunningServer.start("tcp", address, backend, shards, true,
            (io, at, reusePort) -> io.tcpListen((InetSocketAddress) at, 1024, reusePort));
    }

    /** Same as {@code bin/zero-io echo tcp [options]}. */
    public static void main(String[] args) {
        Launcher.main(EchoCommand.argv("tcp", args));
    }
}

package io.zeroio.examples;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * Unix domain stream socket echo on a shard, the same inline echo as {@link TcpEchoServer}.
 *
 * <pre>
 * bin/zero-io echo uds --path /tmp/echo.sock     # then, elsewhere: socat - UNIX-CONNECT:/tmp/echo.sock
 * </pre>
 */
public final class UdsEchoServer {
    private UdsEchoServer() {
    }

    /**
     * Starts the server and returns once it listens on {@code path}, which must not exist yet; the
     * server removes the socket file when it closes. Unix sockets have no SO_REUSEPORT, so with
     * {@code shards > 1} only shard 0 listens (the banner says so).
     */
    public static RunningServer start(Path path, BackendKind backend, int shards) throws ZeroIoException {
        return RunningServer.start("uds", UnixDomainSocketAddress.of(path), backend, shards, false,
            (io, at, reusePort) -> io.udsListen(((UnixDomainSocketAddress) at).getPath()));
    }

    /** Same as {@code bin/zero-io echo uds [options]}. */
    public static void main(String[] args) {
        Launcher.main(EchoCommand.argv("uds", args));
    }
}

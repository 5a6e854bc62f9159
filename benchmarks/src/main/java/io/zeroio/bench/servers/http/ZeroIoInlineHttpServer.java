package io.zeroio.bench.servers.http;

import java.net.InetSocketAddress;

import io.zeroio.bench.servers.BenchServer;
import io.zeroio.examples.http.HelloWorldServer;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.shard.BackendKind;

/**
 * zero-io's inline HTTP path: the examples' {@link HelloWorldServer} router ({@code /plaintext},
 * {@code /json}) on one {@link HttpServer} shard on io_uring, every handler running on the shard
 * thread and writing its response straight into a TX slot. Library defaults otherwise
 * ({@code HttpServerConfig.defaults()}, {@code HttpServer.shardConfig}); the shard is not pinned
 * by zero-io, the harness pins the whole process.
 */
public final class ZeroIoInlineHttpServer implements BenchServer {
    private HttpServer server;

    @Override
    public void start(int port) throws Exception {
        server = HelloWorldServer.start(new InetSocketAddress("127.0.0.1", port), BackendKind.IO_URING, 1);
        final String backend = server.backendName();
        if (!backend.equals("io_uring")) {
            server.close();
            throw new IllegalStateException("asked for io_uring, the shard runs " + backend);
        }
    }

    /** {@code pools-full} once every connection is closed and every slot is back in the shard's pools. */
    @Override
    public String health(long waitMillis) throws Exception {
        final long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        long held;
        do {
            held = server.runners().get(0).call(io -> io.openConnections() == 0 ? io.poolStats().held() : -1L);
            if (held == 0) {
                final var stats = server.stats();
                return stats.handlerErrors() == 0 && stats.sendFailures() == 0 ? "pools-full"
                    : "pools-full, but handlerErrors=" + stats.handlerErrors() + " sendFailures=" + stats.sendFailures();
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return held < 0 ? "connections-open" : "pools-held=" + held;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}

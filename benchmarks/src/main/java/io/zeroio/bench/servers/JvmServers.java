package io.zeroio.bench.servers;

import java.util.List;
import java.util.function.Supplier;

import io.zeroio.bench.servers.http.LauncherHttpServer;
import io.zeroio.bench.servers.http.NettyHttpServer;
import io.zeroio.bench.servers.http.StockPekkoHttpServer;
import io.zeroio.bench.servers.http.ZeroIoInlineHttpServer;
import io.zeroio.bench.servers.http.ZeroIoPekkoHttpServer;
import io.zeroio.runtime.shard.BackendKind;

/**
 * The JVM servers {@link ServerMain} can start, by name: the echo servers and the HTTP hello worlds
 * ({@code http-*}). The harness's registries ({@code io.zeroio.bench.harness.Servers},
 * {@code io.zeroio.bench.harness.HttpServers}) refer to these names.
 */
public final class JvmServers {
    private JvmServers() {
    }

    /** A named factory. */
    public record Entry(String name, Supplier<? extends BenchServer> factory) {
    }

    private static final List<Entry> ENTRIES = List.of(
        new Entry("zeroio-uring", () -> new ZeroIoEchoServer(BackendKind.IO_URING)),
        new Entry("zeroio-nio", () -> new ZeroIoEchoServer(BackendKind.NIO)),
        new Entry("zeroio-pekko-streams", () -> new ZeroIoPekkoEchoServer(ZeroIoPekkoEchoServer.Mode.STREAMS)),
        new Entry("zeroio-actors", () -> new ZeroIoPekkoEchoServer(ZeroIoPekkoEchoServer.Mode.ACTORS)),
        new Entry("netty-epoll", () -> new NettyEchoServer(NettyEchoServer.Transport.EPOLL)),
        new Entry("netty-uring", () -> new NettyEchoServer(NettyEchoServer.Transport.IO_URING)),
        new Entry("pekko-streams-tcp", PekkoStreamsTcpEchoServer::new),
        // the HTTP suite (io.zeroio.bench.harness.HttpServers)
        new Entry("http-zeroio-inline", ZeroIoInlineHttpServer::new),
        new Entry("http-zeroio-streams", () -> new LauncherHttpServer("streams")),
        new Entry("http-zeroio-actors", () -> new LauncherHttpServer("actors")),
        new Entry("http-zeroio-pekko-http", ZeroIoPekkoHttpServer::new),
        new Entry("http-netty-epoll", () -> new NettyHttpServer(NettyHttpServer.Transport.EPOLL)),
        new Entry("http-netty-uring", () -> new NettyHttpServer(NettyHttpServer.Transport.IO_URING)),
        new Entry("http-pekko-http", StockPekkoHttpServer::new)
    );

    /** The server called {@code name}; IllegalArgumentException when there is none. */
    public static BenchServer create(String name) {
        for (Entry e : ENTRIES) {
            if (e.name().equals(name)) {
                return e.factory().get();
            }
        }
        throw new IllegalArgumentException("no JVM server called '" + name + "'; known: "
            + ENTRIES.stream().map(Entry::name).toList());
    }
}

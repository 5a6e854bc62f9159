package io.zeroio.bench.servers;

import java.util.List;
import java.util.function.Supplier;

import io.zeroio.runtime.shard.BackendKind;

/**
 * The JVM echo servers {@link ServerMain} can start, by name. The harness's registry
 * ({@code io.zeroio.bench.harness.Servers}) refers to these names.
 */
public final class JvmServers {
    private JvmServers() {
    }

    /** A named factory. */
    public record Entry(String name, Supplier<EchoServer> factory) {
    }

    private static final List<Entry> ENTRIES = List.of(
        new Entry("zeroio-uring", () -> new ZeroIoEchoServer(BackendKind.IO_URING)),
        new Entry("zeroio-nio", () -> new ZeroIoEchoServer(BackendKind.NIO)),
        new Entry("zeroio-pekko-streams", () -> new ZeroIoPekkoEchoServer(ZeroIoPekkoEchoServer.Mode.STREAMS)),
        new Entry("zeroio-actors", () -> new ZeroIoPekkoEchoServer(ZeroIoPekkoEchoServer.Mode.ACTORS)),
        new Entry("netty-epoll", () -> new NettyEchoServer(NettyEchoServer.Transport.EPOLL)),
        new Entry("netty-uring", () -> new NettyEchoServer(NettyEchoServer.Transport.IO_URING)),
        new Entry("pekko-streams-tcp", PekkoStreamsTcpEchoServer::new)
    );

    /** The server called {@code name}; IllegalArgumentException when there is none. */
    public static EchoServer create(String name) {
        for (Entry e : ENTRIES) {
            if (e.name().equals(name)) {
                return e.factory().get();
            }
        }
        throw new IllegalArgumentException("no JVM echo server called '" + name + "'; known: "
            + ENTRIES.stream().map(Entry::name).toList());
    }
}

package io.zeroio.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of servers the suite measures, in report order. A server is one entry: a JVM server
 * names its {@code io.zeroio.bench.servers.JvmServers} entry; the native one is the C io_uring echo;
 * a pending one has a row in the report but is not run yet.
 */
public final class Servers {
    private Servers() {
    }

    /** How a server is run. */
    public enum Kind { JVM, NATIVE, PENDING }

    /**
     * One server.
     *
     * @param name  command-line name ({@code --servers})
     * @param label name in tables and charts
     * @param kind  how it runs
     * @param note  one line for the report
     */
    public record Spec(String name, String label, Kind kind, String note) {
        /** Whether it is a JVM server (allocation is measured). */
        public boolean jvm() {
            return kind == Kind.JVM;
        }
    }

    /** The baseline every ratio is taken against. */
    public static final String BASELINE = "netty-epoll";
    /** The zero-io server the main targets are about. */
    public static final String ZERO_IO = "zeroio-uring";
    /** The native floor. */
    public static final String NATIVE_FLOOR = "c-uring";
    /** Pekko Streams Tcp, the reference for the Pekko targets. */
    public static final String PEKKO_TCP = "pekko-streams-tcp";
    /** zero-io through Pekko Streams (a Flow per connection). */
    public static final String ZERO_IO_STREAMS = "zeroio-pekko-streams";
    /** zero-io actor-per-session. */
    public static final String ZERO_IO_ACTORS = "zeroio-actors";

    /** Every server, in report order. */
    public static final List<Spec> ALL = List.of(
        new Spec("zeroio-uring", "zero-io inline (io_uring)", Kind.JVM,
            "runtime EchoHandler on one shard, sendLease zero-copy echo"),
        new Spec("zeroio-nio", "zero-io inline (NIO)", Kind.JVM, "same handler on the NIO backend"),
        new Spec("zeroio-pekko-streams", "zero-io via Pekko Streams", Kind.JVM,
            "pekko-integration: ZeroIo.bind + a Flow per connection pushing every received Lease back "
                + "(PekkoServer.streamsEcho), 1 io_uring shard; no UDP"),
        new Spec("zeroio-actors", "zero-io actor-per-session", Kind.JVM,
            "pekko-integration: SessionServer, one typed actor per connection sending every Lease back "
                + "(PekkoServer.actorsEcho), 1 io_uring shard; no UDP"),
        new Spec("netty-epoll", "Netty 4.2 epoll", Kind.JVM, "one event loop, write + flush on read complete"),
        new Spec("netty-uring", "Netty 4.2 io_uring", Kind.JVM, "same handler on IoUringIoHandler"),
        new Spec("pekko-streams-tcp", "Pekko Streams Tcp", Kind.JVM, "identity Flow per connection; no UDP"),
        new Spec("c-uring", "C io_uring (liburing)", Kind.NATIVE, "uring_echo.c: recv -> send -> recv per connection")
    );

    /** The server called {@code name}; IllegalArgumentException listing the known ones. */
    public static Spec byName(String name) {
        for (Spec s : ALL) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown server '" + name + "'; known: "
            + String.join(",", ALL.stream().map(Spec::name).toList()));
    }

    /** The servers named in a comma list, in registry order. */
    public static List<Spec> parse(String commaList) {
        final List<String> wanted = new ArrayList<>();
        for (String w : commaList.split(",")) {
            wanted.add(byName(w.trim()).name());
        }
        return ALL.stream().filter(s -> wanted.contains(s.name)).toList();
    }

    /** Whether {@code spec} echoes UDP. */
    public static boolean udp(Spec spec) {
        return !spec.name.equals(PEKKO_TCP) && !spec.name.equals(ZERO_IO_STREAMS) && !spec.name.equals(ZERO_IO_ACTORS);
    }
}

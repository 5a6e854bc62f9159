package io.zeroio.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of the HTTP suite's servers, in report order (same {@link Servers.Spec} record as
 * the echo suite; every name is an entry of {@code io.zeroio.bench.servers.JvmServers}). Each one
 * serves {@code GET /plaintext} ({@code Hello, World!}, text/plain) and {@code GET /json}
 * ({@code {"message":"Hello, World!"}}, application/json) on {@code 127.0.0.1:port}.
 *
 * <p>{@code http-zeroio-streams} and {@code http-zeroio-actors} start the examples' hello world
 * through the launcher ({@code bin/zero-io http --mode streams|actors}); until those modes exist the
 * launcher refuses them and the report lists the reason instead of a row.
 */
public final class HttpServers {
    private HttpServers() {
    }

    /** The baseline every ratio is taken against. */
    public static final String BASELINE = "http-netty-epoll";
    /** zero-io inline, the server the main targets are about. */
    public static final String ZERO_IO = "http-zeroio-inline";
    /** zero-io's Pekko HTTP drop-in. */
    public static final String DROP_IN = "http-zeroio-pekko-http";
    /** Stock Pekko HTTP. */
    public static final String PEKKO_HTTP = "http-pekko-http";

    /** Every server, in report order. */
    public static final List<Servers.Spec> ALL = List.of(
        new Servers.Spec("http-zeroio-inline", "zero-io inline", Servers.Kind.JVM,
            "HttpServer + Router on one io_uring shard, the examples' HelloWorldServer routes; handlers run on the "
                + "shard thread and write into a TX slot"),
        new Servers.Spec("http-zeroio-streams", "zero-io streams", Servers.Kind.JVM,
            "`bin/zero-io http --mode streams --backend io-uring` (examples' HelloWorldServer in streams mode), run "
                + "in the server JVM through the launcher"),
        new Servers.Spec("http-zeroio-actors", "zero-io actors", Servers.Kind.JVM,
            "`bin/zero-io http --mode actors --backend io-uring`, run in the server JVM through the launcher"),
        new Servers.Spec("http-zeroio-pekko-http", "zero-io Pekko HTTP drop-in", Servers.Kind.JVM,
            "`ZeroIoHttp.get(system).newServerAt(..).bind(route)`, the examples' PekkoHttpHelloWorld route "
                + "(path directives, Jackson marshalling of /json per request), 1 io_uring shard"),
        new Servers.Spec("http-netty-epoll", "Netty 4.2 HTTP (epoll)", Servers.Kind.JVM,
            "HttpServerCodec + a TechEmpower-style handler writing pre-encoded bodies, cached Date, one event loop, "
                + "flush on read complete"),
        new Servers.Spec("http-netty-uring", "Netty 4.2 HTTP (io_uring)", Servers.Kind.JVM,
            "the same pipeline on IoUringIoHandler"),
        new Servers.Spec("http-pekko-http", "Pekko HTTP", Servers.Kind.JVM,
            "stock `Http.get(system).newServerAt(..).bind(route)` with the same route as the drop-in, default settings")
    );

    /** The server called {@code name}; IllegalArgumentException listing the known ones. */
    public static Servers.Spec byName(String name) {
        for (Servers.Spec s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown HTTP server '" + name + "'; known: " + names());
    }

    /** The servers named in a comma list, in registry order. */
    public static List<Servers.Spec> parse(String commaList) {
        final List<String> wanted = new ArrayList<>();
        for (String w : commaList.split(",")) {
            wanted.add(byName(w.trim()).name());
        }
        return ALL.stream().filter(s -> wanted.contains(s.name())).toList();
    }

    /** Every name, comma separated. */
    public static String names() {
        return String.join(",", ALL.stream().map(Servers.Spec::name).toList());
    }
}

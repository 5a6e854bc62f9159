package io.zeroio.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.zeroio.examples.http.AsyncHelloWorld;
import io.zeroio.examples.http.HelloWorldServer;
import io.zeroio.examples.http.PekkoHttpHelloWorld;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.error.AddressInUseException;
import io.zeroio.runtime.error.Errors;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * {@code bin/zero-io http --port P [--mode inline|streams|actors|pekko-http]}: the hello-world HTTP
 * server ({@link HelloWorldServer}: /plaintext and /json inline; {@link AsyncHelloWorld}: the same
 * answered by a Pekko Streams flow or an actor per connection; or {@link PekkoHttpHelloWorld}, the same
 * as a Pekko HTTP route over the drop-in) until SIGINT or SIGTERM.
 */
final class HttpCommand {
    static final int DEFAULT_PORT = 8080;
    private static final Set<String> OPTIONS = Set.of("host", "port", "mode", "backend", "shards");

    static final String HELP = """
        usage: bin/zero-io http [--port P] [--mode inline|streams|actors|pekko-http] [options]

        Serves GET /plaintext ("Hello, World!") and GET /json ({"message":"Hello, World!"}) over
        HTTP/1.1 on shards until Ctrl-C (SIGINT) or SIGTERM: the benchmark's hello-world server.
        GET / is a small page that opens a WebSocket to /ws, an echo.

          --port P       port, 0 for any free one (default 8080)
          --host H       address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
          --mode M       inline (default): handlers run on the shard thread, 0 B per request.
                         pekko-http: the same endpoints as a Pekko HTTP Route (Jackson for /json)
                         served over zero-io shards by ZeroIoHttp (no / page, no WebSocket).
                         streams: parsed on the shard, answered by a Pekko Streams flow per
                         connection (HttpStreams), written into a TX slot on the stream's thread.
                         actors: the same, answered by a typed actor per connection (HttpActors).
          --backend B    auto | io-uring | nio (default auto)
          --shards N     shards sharing the port through SO_REUSEPORT (default 1)

        Try it:  curl -i http://127.0.0.1:8080/plaintext   |   wrk -t2 -c64 -d10s http://127.0.0.1:8080/json
        """;

    private HttpCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (Args.wantsHelp(argv)) {
            out.print(HELP);
            return 0;
        }
        final Args args = Args.parse(argv, OPTIONS);
        if (!args.positional().isEmpty()) {
            throw new UsageException("http takes no positional arguments, got " + args.positional());
        }
        final String mode = args.string("mode", "inline").toLowerCase(Locale.ROOT);
        switch (mode) {
            case "inline", "pekko-http", "streams", "actors" -> { }
            default -> throw new UsageException("--mode must be inline, streams, actors or pekko-http, was '" + mode + "'");
        }
        final BackendKind backend = EchoCommand.backend(args.string("backend", "auto"));
        final int shards = args.integer("shards", 1, 1, EchoCommand.MAX_SHARDS);
        final String host = args.string("host", "127.0.0.1");
        final int port = args.integer("port", DEFAULT_PORT, 0, 65535);
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageException("--host '" + host + "' does not resolve to an address");
        }
        if (shards > 1 && port != 0) {
            ensurePortFree(address); // SO_REUSEPORT would otherwise silently share a port someone holds
        }
        if (mode.equals("pekko-http")) {
            return runPekkoHttp(host, port, shards, args.string("backend", "auto").toLowerCase(Locale.ROOT), out);
        }
        final AsyncHelloWorld async = mode.equals("streams") || mode.equals("actors")
            ? AsyncHelloWorld.start(mode, address, backend, shards) : null;
        final HttpServer server = async != null ? async.server() : HelloWorldServer.start(address, backend, shards);
        final String url = "http://" + RunningServer.describe(server.address());
        out.println("zero-io http (" + mode + ") listening on " + url + " (backend " + server.backendName() + ", " + shards
            + (shards == 1 ? " shard)" : " shards)"));
        out.println("  " + url + "/plaintext");
        out.println("  " + url + "/json");
        if (async == null) {
            out.println("  " + url + "/          (a page that talks to the WebSocket echo at " + url.replace("http://", "ws://") + "/ws)");
        }
        out.println("Ctrl-C stops it.");
        out.flush();
        final Thread hook = Thread.ofPlatform().name("zero-io-shutdown").unstarted(() -> {
            long requests = -1;
            try {
                requests = server.stats().requests();
            } catch (ZeroIoException | RuntimeException e) {
                // statistics are best effort
            }
            if (async != null) {
                async.close();
            } else {
                server.close();
            }
            out.println("zero-io http closed" + (requests >= 0 ? " (" + requests + " requests served)" : ""));
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        for (;;) {
            for (var runner : server.runners()) {
                if (!runner.thread().isAlive()) {
                    if (server.isClosed()) {
                        return 0;
                    }
                    Runtime.getRuntime().removeShutdownHook(hook);
                    err.println("zero-io: a shard of the http server stopped unexpectedly; closing the others");
                    server.close();
                    return Launcher.FAILED;
                }
            }
            server.runners().get(0).thread().join(100);
        }
    }

    private static int runPekkoHttp(String host, int port, int shards, String backend, PrintStream out) throws Exception {
        final PekkoHttpHelloWorld server = PekkoHttpHelloWorld.start(host, port, shards,
            backend.equals("io_uring") ? "io-uring" : backend);
        final String url = "http://" + RunningServer.describe(new InetSocketAddress(host, server.port()));
        out.println("zero-io http (pekko-http: a Pekko HTTP route on " + shards + (shards == 1 ? " shard" : " shards")
            + ") listening on " + url);
        out.println("  " + url + "/plaintext");
        out.println("  " + url + "/json");
        out.println("Ctrl-C stops it.");
        out.flush();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("zero-io-shutdown").unstarted(() -> {
            server.close();
            out.println("zero-io http closed");
            out.flush();
        }));
        server.system().getWhenTerminated().toCompletableFuture().get();
        return 0;
    }

    private static void ensurePortFree(InetSocketAddress address) throws ZeroIoException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(address);
        } catch (BindException e) {
            throw new AddressInUseException("bind", Errors.EADDRINUSE, "bind tcp " + RunningServer.describe(address)
                + " failed: EADDRINUSE (" + e.getMessage() + ") — another socket holds this port; stop it or choose another port");
        } catch (IOException e) {
            throw new ZeroIoException("cannot bind " + RunningServer.describe(address) + ": " + e.getMessage(), e);
        }
    }
}

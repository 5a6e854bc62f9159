package io.zeroio.examples;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * {@code bin/zero-io echo tcp|udp|uds [options]}: starts an echo server, prints where it listens
 * and which backend runs, and serves until SIGINT or SIGTERM, when a shutdown hook closes every
 * shard and prints a short "closed" line.
 */
final class EchoCommand {
    static final int DEFAULT_PORT = 7000;
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int MAX_SHARDS = 256;

    private static final Set<String> OPTIONS = Set.of("host", "port", "path", "backend", "shards", "mode");

    static final String HELP = """
        usage: bin/zero-io echo tcp|udp|uds [options]

        Starts an echo server on shards and serves until Ctrl-C (SIGINT) or SIGTERM.

          --host H       tcp, udp: address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
          --port P       tcp, udp: port, 0 for any free one (default 7000)
          --path SOCK    uds: socket file to create; it must not exist (default <tmp>/zero-io-echo.sock)
          --backend B    auto | io-uring | nio (default auto: io_uring where the kernel allows it, else nio)
          --shards N     shards, each a pinned thread with its own ring and pools (default 1);
                         tcp and udp shards share the port through SO_REUSEPORT
          --mode M       tcp: inline (default: a handler on the shard thread, no Pekko) | streams (a Pekko
                         Streams Flow per connection) | islands (one stream island per shard) | actors (a
                         typed actor per session); same protocol in every mode

        Try it:  nc 127.0.0.1 7000  |  nc -u 127.0.0.1 7000  |  socat - UNIX-CONNECT:<path>
        """;

    private EchoCommand() {
    }

    /** {@code {"echo", transport, args...}}, for the servers' own {@code main} methods. */
    static String[] argv(String transport, String[] args) {
        final String[] all = new String[args.length + 2];
        all[0] = "echo";
        all[1] = transport;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    /** The subcommand. */
    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (Args.wantsHelp(argv)) {
            out.print(HELP);
            return 0;
        }
        final Args args = Args.parse(argv, OPTIONS);
        if (args.positional().size() != 1) {
            throw new UsageException(args.positional().isEmpty()
                ? "which transport? give tcp, udp or uds"
                : "one transport expected, got " + args.positional());
        }
        final String transport = args.positional().get(0).toLowerCase(Locale.ROOT);
        final BackendKind backend = backend(args.string("backend", "auto"));
        final int shards = args.integer("shards", 1, 1, MAX_SHARDS);
        final String mode = args.string("mode", "inline").toLowerCase(Locale.ROOT);
        if (!mode.equals("inline")) {
            return pekkoEcho(mode, transport, args, shards, out);
        }
        final RunningServer server = switch (transport) {
            case "tcp" -> TcpEchoServer.start(inet(args, transport), backend, shards);
            case "udp" -> UdpEchoServer.start(inet(args, transport), backend, shards);
            case "uds" -> UdsEchoServer.start(path(args), backend, shards);
            default -> throw new UsageException("unknown transport '" + transport + "': give tcp, udp or uds");
        };
        return serve(server, null, out, err);
    }

    /** {@code echo tcp --mode streams|islands|actors}: the echo on Pekko (see io.zeroio.examples.pekko.PekkoServer). */
    private static int pekkoEcho(String mode, String transport, Args args, int shards, PrintStream out) throws Exception {
        if (!Set.of("streams", "islands", "actors").contains(mode)) {
            throw new UsageException("--mode must be inline, streams, islands or actors, was '" + mode + "'");
        }
        if (!transport.equals("tcp")) {
            throw new UsageException("--mode " + mode + " serves tcp; udp and uds echo run inline");
        }
        final String backend = switch (backend(args.string("backend", "auto"))) {
            case IO_URING -> "io-uring";
            case NIO -> "nio";
            default -> "auto";
        };
        final InetSocketAddress at = inet(args, transport);
        final String host = at.getAddress().getHostAddress();
        final var system = io.zeroio.examples.pekko.PekkoServer.system("zero-io-echo", shards, backend, "");
        final io.zeroio.examples.pekko.PekkoServer server;
        try {
            server = switch (mode) {
                case "streams" -> io.zeroio.examples.pekko.PekkoServer.streamsEcho(system, host, at.getPort());
                case "islands" -> io.zeroio.examples.pekko.PekkoServer.islandsEcho(system, host, at.getPort());
                default -> io.zeroio.examples.pekko.PekkoServer.actorsEcho(system, host, at.getPort());
            };
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
        return server.serve(out, "Try it:  nc " + host + " " + server.port() + "\n");
    }

    /** Parses {@code --backend}. */
    static BackendKind backend(String name) throws UsageException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> BackendKind.AUTO;
            case "io-uring", "io_uring", "iouring", "uring" -> BackendKind.IO_URING;
            case "nio" -> BackendKind.NIO;
            default -> throw new UsageException("--backend must be auto, io-uring or nio, was '" + name + "'");
        };
    }

    private static InetSocketAddress inet(Args args, String transport) throws UsageException {
        if (args.has("path")) {
            throw new UsageException("--path is for uds; " + transport + " takes --host and --port");
        }
        final String host = args.string("host", DEFAULT_HOST);
        final int port = args.integer("port", DEFAULT_PORT, 0, 65535);
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageException("--host '" + host + "' does not resolve to an address");
        }
        return address;
    }

    private static Path path(Args args) throws UsageException {
        if (args.has("host") || args.has("port")) {
            throw new UsageException("uds listens on a socket file: give --path, not --host or --port");
        }
        final String fallback = Path.of(System.getProperty("java.io.tmpdir"), "zero-io-echo.sock").toString();
        return Path.of(args.string("path", fallback)).toAbsolutePath();
    }

    /**
     * Prints the banner (and {@code tryIt}, when given), then serves until a signal: the JVM's
     * shutdown hook closes the shards and prints the "closed" line. Returns 1 when a shard stops
     * on its own (a failure), after closing the others.
     */
    static int serve(RunningServer server, String tryIt, PrintStream out, PrintStream err) throws InterruptedException {
        out.println(server.banner());
        if (tryIt != null) {
            out.print(tryIt);
        }
        out.println("Ctrl-C stops it.");
        out.flush();
        final Thread hook = Thread.ofPlatform().name("zero-io-shutdown").unstarted(() -> {
            long echoed = -1;
            try {
                echoed = server.echoedBytes();
            } catch (ZeroIoException | RuntimeException e) {
                // statistics are best effort; closing is what matters
            }
            server.close();
            out.println("zero-io " + server.transport() + " echo closed"
                + (echoed >= 0 ? " (" + echoed + " bytes echoed)" : ""));
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitStop();
        if (server.isClosed()) {
            return 0; // the shutdown hook is closing the shards; the JVM exits when it is done
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        err.println("zero-io: a shard of the " + server.transport() + " echo server stopped unexpectedly; closing the others");
        server.close();
        return Launcher.FAILED;
    }
}

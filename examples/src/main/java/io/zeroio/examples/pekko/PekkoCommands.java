package io.zeroio.examples.pekko;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import io.zeroio.examples.UsageException;

/**
 * Launcher subcommands on Pekko: {@code chat --port P} and {@code metrics --port P --prometheus-port Q};
 * {@code echo tcp --mode streams|islands|actors} comes through {@code EchoCommand}.
 */
public final class PekkoCommands {
    private PekkoCommands() {
    }

    /** {@code bin/zero-io chat [--host H] [--port P] [--shards N] [--backend B]}. */
    public static int chat(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.contains("--help") || argv.contains("-h")) {
            out.print("""
                usage: bin/zero-io chat [--host H] [--port P] [--shards N] [--backend B]

                A line-based chat, one typed actor per connection: every line a member sends goes to every other member.
                  --host H      address (default 127.0.0.1)    --port P     port (default 7001, 0: any)
                  --shards N    shards (default 1)             --backend B  auto | io-uring | nio

                Try it:  nc 127.0.0.1 7001   in two terminals
                """);
            return 0;
        }
        final Opts o = Opts.parse(argv, Set.of("host", "port", "shards", "backend"), 7001);
        final PekkoServer s = PekkoServer.chat(PekkoServer.system("zero-io-chat", o.shards, o.backend, ""), o.host, o.port);
        return s.serve(out, "Try it:  nc " + o.host + " " + s.port() + "   (in two terminals)\n");
    }

    /** {@code bin/zero-io metrics [--port P] [--prometheus-port Q]}: streams echo plus the Prometheus page. */
    public static int metrics(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.contains("--help") || argv.contains("-h")) {
            out.print("""
                usage: bin/zero-io metrics [--host H] [--port P] [--prometheus-port Q] [--shards N] [--backend B]

                A streams echo server whose per-shard Kamon metrics (zeroio_*) are served by the Prometheus reporter
                on 127.0.0.1:Q (default 9095).   Try it:  curl http://127.0.0.1:9095/metrics
                """);
            return 0;
        }
        final Opts o = Opts.parse(argv, Set.of("host", "port", "shards", "backend", "prometheus-port"), 7000);
        final int promPort = o.prometheusPort;
        final MetricsExample m = MetricsExample.start(o.host, o.port, promPort, o.shards, o.backend);
        return m.server().serve(out, "Try it:  nc " + o.host + " " + m.server().port() + "   and   curl http://127.0.0.1:"
            + m.prometheusPort() + "/metrics\n");
    }

    /** Parsed common options. */
    static final class Opts {
        String host = "127.0.0.1";
        int port;
        int shards = 1;
        String backend = "auto";
        int prometheusPort = 9095;

        static Opts parse(List<String> argv, Set<String> known, int defaultPort) throws UsageException {
            final Opts o = new Opts();
            o.port = defaultPort;
            for (int i = 0; i < argv.size(); i++) {
                final String a = argv.get(i);
                if (!a.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + a + "'");
                }
                final String name = a.substring(2);
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                if (i + 1 >= argv.size()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                final String v = argv.get(++i);
                switch (name) {
                    case "host" -> o.host = v;
                    case "port" -> o.port = number(name, v, 0, 65535);
                    case "shards" -> o.shards = number(name, v, 1, 256);
                    case "prometheus-port" -> o.prometheusPort = number(name, v, 0, 65535);
                    case "backend" -> {
                        if (!Set.of("auto", "io-uring", "nio").contains(v)) {
                            throw new UsageException("--backend must be auto, io-uring or nio, was '" + v + "'");
                        }
                        o.backend = v;
                    }
                    default -> throw new UsageException("unknown option --" + name);
                }
            }
            return o;
        }

        private static int number(String name, String v, int min, int max) throws UsageException {
            try {
                final int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new UsageException("--" + name + " must be in " + min + ".." + max + ", was " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a number, was '" + v + "'");
            }
        }
    }
}

package io.zeroio.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

import io.zeroio.examples.websocket.DemoServer;
import io.zeroio.runtime.error.AddressInUseException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * {@code bin/zero-io demo}, the README's demo: one process serving the inline HTTP server on shards
 * (backend {@code auto}: io_uring where the kernel allows it, else NIO) at 127.0.0.1:8080 with
 * {@code /plaintext}, {@code /json}, a page at {@code /} that joins the WebSocket chat at
 * {@code /chat} (a typed actor per session), and Kamon's Prometheus page at
 * 127.0.0.1:9095/metrics; it prints both URLs. The former TCP echo demo is {@code bin/zero-io echo tcp}.
 */
final class Demo {
    static final String HELP = """
        usage: bin/zero-io demo [--http-port P] [--prometheus-port Q]

        Starts, in one process on 127.0.0.1: the HTTP server on shards (port 8080) with /plaintext, /json,
        a page at / that joins the WebSocket chat at /chat (an actor per session), and the Kamon
        Prometheus page (port 9095, zeroio_* series). Prints both URLs and serves until Ctrl-C.
        Port 0 picks a free port. The TCP echo server of earlier demos: bin/zero-io echo tcp.
        """;

    private Demo() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (Args.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        int httpPort = DemoServer.HTTP_PORT;
        int promPort = DemoServer.PROMETHEUS_PORT;
        for (int i = 0; i < args.size(); i++) {
            final String a = args.get(i);
            if ((a.equals("--http-port") || a.equals("--prometheus-port")) && i + 1 < args.size()) {
                final int p;
                try {
                    p = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new UsageException(a + " wants a port number, got '" + args.get(i) + "'");
                }
                if (p < 0 || p > 65535) {
                    throw new UsageException(a + " wants a port 0..65535, got " + p);
                }
                if (a.equals("--http-port")) {
                    httpPort = p;
                } else {
                    promPort = p;
                }
            } else {
                throw new UsageException("unknown argument '" + a + "' (demo takes --http-port P and --prometheus-port Q)");
            }
        }
        if (promPort == 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                promPort = probe.getLocalPort(); // Kamon's embedded server wants a fixed port
            }
        }
        final DemoServer demo;
        try {
            demo = DemoServer.start("127.0.0.1", httpPort, promPort, 1, BackendKind.AUTO);
        } catch (AddressInUseException e) {
            err.println("zero-io demo: port " + httpPort + " is taken (" + e.getMessage() + ")");
            err.println("  is a demo already running? Or pick another port: bin/zero-io demo --http-port 8081");
            return Launcher.FAILED;
        }
        out.println("zero-io demo: HTTP + WebSocket on shards (" + demo.http().backendName() + ")");
        out.println("  page:    " + demo.pageUrl() + "   (open it in two browser tabs and chat)");
        out.println("  metrics: " + demo.metricsUrl());
        out.println("  also:    curl " + demo.pageUrl() + "json   ·   curl " + demo.pageUrl() + "plaintext");
        out.println("Ctrl-C stops it.");
        out.flush();
        final Thread hook = Thread.ofPlatform().name("zero-io-shutdown").unstarted(() -> {
            demo.close();
            out.println("zero-io demo closed");
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        demo.awaitClosed(Duration.ofMillis(200));
        return 0;
    }
}

package io.zeroio.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the HTTP suite: starts every selected server once (each in its own JVM, pinned to the
 * server CPU like the echo servers, idle while the others are measured; the JVMs start side by
 * side), warms each one's JIT
 * with pipelined {@code /plaintext} and keep-alive {@code /json}, then for every scenario runs round after round with the
 * servers interleaved. Each run: an unmeasured wrk warm-up, a short pause, the pre-flight check
 * ({@link HttpCheck}: the responses are 200s of the right type, body and size), the measured wrk
 * run. A run fails — and is never averaged in — when wrk reports any socket error, timeout or
 * status above 399, or read a byte count that is not its completed requests times the checked
 * response size (in-flight responses at the end allowed for).
 */
public final class HttpSuite {
    /** Pause between the warm-up run and the measured one. */
    static final long SETTLE_MILLIS = 300;

    private final HttpSuiteOptions options;
    private final Launch launch;
    private final PrintStream log;

    /** A suite with these options, launching JVMs as {@code launch} says, logging progress to {@code log}. */
    public HttpSuite(HttpSuiteOptions options, Launch launch, PrintStream log) {
        this.options = options;
        this.launch = launch;
        this.log = log;
    }

    /** Everything a run produced. */
    public record Outcome(List<HttpRunResult> runs, Map<String, String> skipped, Map<String, String> health) {
    }

    /** Runs the suite. Servers that cannot start are skipped (listed in {@link Outcome#skipped()}). */
    public Outcome run() throws IOException, InterruptedException {
        final Wrk wrk = Wrk.fromPath(launch.prefix(options.generatorCpu()));
        final Map<String, String> skipped = new LinkedHashMap<>();
        final List<ServerProcess> running = new ArrayList<>();
        final List<HttpRunResult> runs = new ArrayList<>();
        final Map<String, String> health = new LinkedHashMap<>();
        final List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        try {
            // the JVMs start side by side (their start-up overlaps), then are kept in registry order
            int i = 0;
            for (Servers.Spec spec : options.servers()) {
                final int port = options.basePort() + i++;
                if (spec.kind() == Servers.Kind.PENDING) {
                    skipped.put(spec.name(), spec.note());
                    starting.add(null);
                    continue;
                }
                starting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return ServerProcess.start(spec, port, options.serverCpu(), launch, List.of());
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                }, r -> Thread.ofVirtual().start(r)));
            }
            for (int k = 0; k < starting.size(); k++) {
                final Servers.Spec spec = options.servers().get(k);
                if (starting.get(k) == null) {
                    continue;
                }
                try {
                    final ServerProcess s = starting.get(k).join();
                    running.add(s);
                    log.println("started " + spec.name() + " on port " + s.port());
                } catch (CompletionException e) {
                    final String why = reason(e.getCause().getMessage());
                    skipped.put(spec.name(), "could not start: " + why);
                    log.println("skipping " + spec.name() + ": " + why);
                }
            }
            if (options.prewarmSeconds() > 0) {
                // both shapes: keep-alive makes far more receive/send round trips per request than pipelining,
                // and code C2 has not compiled yet allocates (zero-io's FFM downcalls until escape analysis)
                final List<HttpScenario> warm = List.of(HttpScenario.byId("plaintext-pipelined"),
                    HttpScenario.byId("json-keepalive"));
                for (ServerProcess s : running) {
                    log.println("JIT warm-up: " + s.spec().name());
                    for (HttpScenario w : warm) {
                        wrk.run(w, s, options.prewarmSeconds(), false);
                    }
                }
            }
            for (HttpScenario scenario : options.scenarios()) {
                for (int round = 1; round <= options.rounds(); round++) {
                    for (ServerProcess s : running) {
                        final HttpRunResult r = measure(wrk, scenario, s, round);
                        runs.add(r);
                        log.printf("%-20s %-24s round %d: %s%n", scenario.id(), s.spec().name(), round, describe(r));
                    }
                }
            }
            for (ServerProcess s : running) {
                health.put(s.spec().name(), s.alive() ? s.health() : "process ended");
            }
        } finally {
            for (CompletableFuture<ServerProcess> f : starting) {
                if (f != null) {
                    try {
                        final ServerProcess s = f.join();
                        if (!running.contains(s)) {
                            s.close(); // started, but the suite stopped before taking it
                        }
                    } catch (CompletionException e) {
                        // never started
                    }
                }
            }
            closeAll(running);
        }
        return new Outcome(runs, skipped, health);
    }

    /** Stops the servers side by side (a Pekko system takes a while to terminate) and waits for all. */
    private static void closeAll(List<ServerProcess> servers) throws InterruptedException {
        final List<Thread> closing = new ArrayList<>();
        for (ServerProcess s : servers) {
            closing.add(Thread.ofVirtual().start(s::close));
        }
        for (Thread t : closing) {
            t.join();
        }
    }

    /** One measured run; failures become an HttpRunResult with an error. */
    HttpRunResult measure(Wrk wrk, HttpScenario scenario, ServerProcess server, int round)
        throws IOException, InterruptedException {
        if (!server.alive()) {
            return HttpRunResult.failed(scenario, server.spec(), round, "server process ended:\n" + server.tail());
        }
        if (options.warmupSeconds() > 0) {
            wrk.run(scenario, server, options.warmupSeconds(), false);
            // let the server finish tearing down the warm-up's connections (wrk exits with requests in
            // flight: resets, error paths) before the window opens, so that work is not billed to the run
            Thread.sleep(SETTLE_MILLIS);
        }
        final int size;
        try {
            size = HttpCheck.verify(server.port(), scenario);
        } catch (IOException e) {
            return HttpRunResult.failed(scenario, server.spec(), round, "pre-flight check: " + e.getMessage());
        }
        final Wrk.Outcome o = wrk.run(scenario, server, options.measureSeconds(), true);
        if (o.exitCode() != 0 || o.result().isEmpty() || o.start() == null || o.end() == null) {
            return HttpRunResult.failed(scenario, server.spec(), round, "wrk exit " + o.exitCode() + ": "
                + o.output().strip() + (server.alive() ? "" : "; server ended:\n" + server.tail()));
        }
        return result(scenario, server.spec(), round, o, size);
    }

    /** The run's figures and, when wrk saw anything but complete 200s of {@code size} bytes, why it failed. */
    static HttpRunResult result(HttpScenario scenario, Servers.Spec spec, int round, Wrk.Outcome o, int size) {
        final long requests = o.num("requests");
        final long bytes = o.num("bytes");
        final double seconds = o.num("duration_us") / 1e6;
        String error = null;
        final long errors = o.num("connect_errors") + o.num("read_errors") + o.num("write_errors")
            + o.num("status_errors") + o.num("timeouts");
        if (errors != 0) {
            error = String.format("wrk errors: connect %d, read %d, write %d, status>399 %d, timeout %d",
                o.num("connect_errors"), o.num("read_errors"), o.num("write_errors"), o.num("status_errors"),
                o.num("timeouts"));
        } else if (requests == 0) {
            error = "no responses in the run";
        } else {
            // every completed response is `size` bytes (±1 for a Date whose day-of-month could change width);
            // at most connections x depth responses were still arriving when wrk stopped
            final long low = requests * (size - 1L);
            final long high = (requests + (long) scenario.connections() * scenario.depth()) * (size + 1L);
            if (bytes < low || bytes > high) {
                error = "wrk read " + bytes + " bytes for " + requests + " responses of " + size
                    + " bytes: some responses were not the checked 200";
            }
        }
        final long alloc = spec.jvm() && o.end().allocatedBytes() >= 0 ? o.end().allocatedBytes() - o.start().allocatedBytes() : -1;
        return new HttpRunResult(scenario, spec, round, requests, seconds > 0 ? requests / seconds : 0, bytes, size,
            o.num("p50_us") * 1000, o.num("p99_us") * 1000, o.num("p999_us") * 1000,
            o.end().cpuNanos() - o.start().cpuNanos(), o.end().sysNanos() - o.start().sysNanos(), alloc,
            o.wrkCpuNanos() < 0 || seconds <= 0 ? Double.NaN : 100.0 * o.wrkCpuNanos() / 1e9 / seconds,
            o.windowNanos() / 1e9, error);
    }

    static String describe(HttpRunResult r) {
        if (!r.ok()) {
            return "FAILED: " + reason(r.error());
        }
        return String.format("%,.0f req/s, server CPU %.0f ns/req (%.0f%%, sys %.0f%%), %s, p50 %.1f us p99 %.1f us, wrk CPU %.0f%%",
            r.requestsPerSecond(), r.cpuPerRequestNanos(), r.serverCpuPct(), r.sysSharePct(),
            Double.isNaN(r.allocPerRequest()) ? "alloc n/a" : String.format("%.1f B/req", r.allocPerRequest()),
            r.p50Nanos() / 1e3, r.p99Nanos() / 1e3, r.generatorCpuPct());
    }

    /** The line of {@code s} that says why (an exception's message rather than the command line). */
    static String reason(String s) {
        if (s == null) {
            return "";
        }
        for (String l : s.lines().toList()) {
            if (l.contains("IllegalStateException:") || l.contains("Exception: ")) {
                return l.substring(l.indexOf(':', l.indexOf("Exception")) + 1).trim();
            }
        }
        return s.lines().findFirst().orElse("");
    }
}

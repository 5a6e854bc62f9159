package io.zeroio.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the suite: compiles the C programs, starts every selected server once (each in its own
 * process, all pinned to the server CPU, idle while the others are measured), warms each one's
 * JIT, then for every scenario runs round after round with the servers interleaved
 * (A B C ... A B C ...), and finally records one JFR profile of zero-io inline under the
 * pipelined load.
 */
public final class Suite {
    private final SuiteOptions options;
    private final Launch launch;
    private final PrintStream log;

    /** A suite with these options, launching JVMs as {@code launch} says, logging progress to {@code log}. */
    public Suite(SuiteOptions options, Launch launch, PrintStream log) {
        this.options = options;
        this.launch = launch;
        this.log = log;
    }

    /** Everything a run produced. */
    public record Outcome(List<RunResult> runs, Map<String, String> skipped, String jfrSummary,
                          Map<String, String> health) {
    }

    /** Runs the suite. Servers that cannot start are skipped (listed in {@link Outcome#skipped()}). */
    public Outcome run() throws IOException, InterruptedException {
        final LoadGen gen = new LoadGen(launch.toolchain().loadgen(), launch.prefix(options.generatorCpu()));
        final Map<String, String> skipped = new LinkedHashMap<>();
        final List<ServerProcess> running = new ArrayList<>();
        final List<RunResult> runs = new ArrayList<>();
        final Map<String, String> health = new LinkedHashMap<>();
        String jfr = null;
        try {
            int i = 0;
            for (Servers.Spec spec : options.servers()) {
                final int port = options.basePort() + i++;
                if (spec.kind() == Servers.Kind.PENDING) {
                    skipped.put(spec.name(), spec.note());
                    continue;
                }
                try {
                    running.add(ServerProcess.start(spec, port, options.serverCpu(), launch, List.of()));
                    log.println("started " + spec.name() + " on port " + port);
                } catch (IOException e) {
                    skipped.put(spec.name(), "could not start: " + firstLine(e.getMessage()));
                    log.println("skipping " + spec.name() + ": " + e.getMessage());
                }
            }
            if (options.prewarmSeconds() > 0) {
                final Scenario warm = Scenario.byId("pipelined-100x16");
                for (ServerProcess s : running) {
                    log.println("JIT warm-up: " + s.spec().name());
                    gen.run(warm, s, options.prewarmSeconds(), 0.1);
                }
            }
            for (Scenario scenario : options.scenarios()) {
                for (int round = 1; round <= options.rounds(); round++) {
                    for (ServerProcess s : running) {
                        if (scenario.udp() && !Servers.udp(s.spec())) {
                            continue;
                        }
                        final RunResult r = measure(gen, scenario, s, round);
                        runs.add(r);
                        log.printf("%-18s %-20s round %d: %s%n", scenario.id(), s.spec().name(), round, describe(r));
                    }
                }
            }
            for (ServerProcess s : running) {
                health.put(s.spec().name(), s.alive() ? s.health() : "process ended");
            }
        } finally {
            for (ServerProcess s : running) {
                s.close();
            }
        }
        if (options.jfrSeconds() > 0 && options.servers().stream().anyMatch(s -> s.name().equals(Servers.ZERO_IO))) {
            jfr = profile(gen);
        }
        return new Outcome(runs, skipped, jfr, health);
    }

    /** One measured run; failures become a RunResult with an error. */
    RunResult measure(LoadGen gen, Scenario scenario, ServerProcess server, int round)
        throws IOException, InterruptedException {
        if (!server.alive()) {
            return failed(scenario, server.spec(), round, "server process ended:\n" + server.tail());
        }
        final LoadGen.Outcome o = gen.run(scenario, server, options.warmupSeconds(), options.measureSeconds());
        if (o.exitCode() != 0 || o.start() == null || o.end() == null || o.result().isEmpty()) {
            return failed(scenario, server.spec(), round, "generator exit " + o.exitCode() + ": " + o.stderr().trim()
                + (server.alive() ? "" : "; server ended:\n" + server.tail()));
        }
        final long msgs = (long) o.num("msgs");
        final long alloc = server.spec().jvm() ? o.end().allocatedBytes() - o.start().allocatedBytes() : -1;
        String error = null;
        if (o.num("errors") != 0) {
            error = "generator reported verification errors";
        } else if (msgs == 0) {
            error = "no messages echoed in the window";
        } else if (!scenario.udp() && o.num("complete") != 1) {
            error = "echoes missing at the end";
        }
        return new RunResult(scenario, server.spec(), round, msgs, o.num("msgs_per_s"), o.num("bytes_per_s"),
            (long) o.num("p50_ns"), (long) o.num("p99_ns"), (long) o.num("p999_ns"),
            o.end().cpuNanos() - o.start().cpuNanos(), o.end().sysNanos() - o.start().sysNanos(), alloc, o.num("gen_cpu_pct"), o.num("seconds"),
            (long) o.num("verified_bytes"), (long) o.num("lost"), error);
    }

    private static RunResult failed(Scenario scenario, Servers.Spec spec, int round, String why) {
        return new RunResult(scenario, spec, round, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, why);
    }

    /** A JFR recording of zero-io inline under the pipelined load; returns the hot-methods view. */
    private String profile(LoadGen gen) throws IOException, InterruptedException {
        final Path file = Files.createTempFile("zero-io-bench", ".jfr");
        log.println("JFR profile of " + Servers.ZERO_IO + " (pipelined, " + options.jfrSeconds() + " s)");
        final ServerProcess s = ServerProcess.start(Servers.byName(Servers.ZERO_IO), options.basePort() + 50,
            options.serverCpu(), launch, List.of("-XX:StartFlightRecording=filename=" + file
                + ",settings=profile,jdk.ExecutionSample#period=1ms,jdk.NativeMethodSample#period=1ms",
                "-XX:FlightRecorderOptions=stackdepth=64"));
        try {
            gen.run(Scenario.byId("pipelined-100x16"), s, options.warmupSeconds() + 1, options.jfrSeconds());
        } finally {
            s.close();
        }
        final Path jfrTool = launch.java().resolveSibling("jfr");
        final String hot = Shell.output(List.of(jfrTool.toString(), "view", "--width", "160", "hot-methods",
            file.toString()), "jfr view hot-methods failed") + "\n"
            + Shell.output(List.of(jfrTool.toString(), "view", "--width", "160", "native-methods", file.toString()),
            "jfr view native-methods failed");
        Files.deleteIfExists(file);
        return hot;
    }

    static String describe(RunResult r) {
        if (!r.ok()) {
            return "FAILED: " + firstLine(r.error());
        }
        return String.format("%,.0f msgs/s, server CPU %.0f ns/msg (%.0f%%, sys %.0f%%), %s, p50 %.1f us p99 %.1f us, gen CPU %.0f%%",
            r.msgsPerSecond(), r.cpuPerMsgNanos(), r.serverCpuPct(), r.sysSharePct(),
            Double.isNaN(r.allocPerMsg()) ? "alloc n/a" : String.format("%.1f B/msg", r.allocPerMsg()),
            r.p50Nanos() / 1e3, r.p99Nanos() / 1e3, r.generatorCpuPct());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

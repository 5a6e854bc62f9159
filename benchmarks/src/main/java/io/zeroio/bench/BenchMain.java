package io.zeroio.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.zeroio.bench.harness.HttpScenario;
import io.zeroio.bench.harness.HttpServers;
import io.zeroio.bench.harness.HttpSuite;
import io.zeroio.bench.harness.HttpSuiteOptions;
import io.zeroio.bench.harness.Launch;
import io.zeroio.bench.harness.Wrk;
import io.zeroio.bench.harness.Scenario;
import io.zeroio.bench.harness.Servers;
import io.zeroio.bench.harness.Suite;
import io.zeroio.bench.harness.SuiteOptions;
import io.zeroio.bench.report.HttpReport;
import io.zeroio.bench.report.Report;

/**
 * {@code bin/zero-io bench}: runs the side-by-side echo suite, or with {@code --suite http} the HTTP
 * hello-world suite under wrk, and writes {@code docs/performance.md} with its charts (each suite
 * rewrites only its own part of the doc).
 *
 * <pre>
 * bin/zero-io bench [--suite echo|http] [--scenario a,b] [--servers a,b] [--smoke] [--rounds N] [--seconds T]
 *                   [--warmup W] [--out DIR] [--no-doc] [--no-jfr]
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    static final String USAGE = """
        usage: bin/zero-io bench [options]
          --suite S        echo (default): the echo suite, or http: the HTTP hello world under wrk
                           (its own section of the doc; the other suite's part is kept)
          --scenario a,b   scenarios to run (default all): %s
                           http: %s
          --servers a,b    servers to run (default all): %s
                           http: %s
          --smoke          a short correctness run (1 round, 1 s windows, no JFR); the doc goes to target/
          --rounds N       repetitions, servers interleaved (default 3)
          --seconds T      measured seconds per run (default 2.5; http: whole seconds, rounded up, default 3)
          --warmup W       warm-up seconds before each window (default 1)
          --out DIR        where performance.md and the charts go (default docs/ under --root)
          --root DIR       repository root (default: current directory)
          --no-doc         print the results only
          --no-jfr         skip the JFR profile of zero-io inline (echo suite)
          --server-cpu C   CPU for the servers (default: the 2nd allowed CPU), --gen-cpu C the generator's (the 1st)
          --nice N         niceness of servers and generator (default -10 when permitted, i.e. as root;
                           keeps other work on a shared machine from preempting the measured processes)
        """;

    /** Entry point; exit code 0 when every run verified, 1 otherwise, 2 for usage errors. */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs with {@code args}; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        String suite = "echo";
        String scenarioList = null;
        String serverList = null;
        boolean secondsSet = false;
        boolean smoke = false;
        List<Scenario> scenarios = Scenario.ALL;
        List<Servers.Spec> servers = Servers.ALL;
        List<HttpScenario> httpScenarios = HttpScenario.ALL;
        List<Servers.Spec> httpServers = HttpServers.ALL;
        boolean doc = true;
        boolean jfr = true;
        int rounds = 3;
        double seconds = 2.5;
        double warmup = 1;
        final int[] allowed = Launch.allowedCpus();
        int serverCpu = allowed.length > 1 ? allowed[1] : -1;
        int genCpu = allowed.length > 1 ? allowed[0] : -1;
        int nice = -10;
        Path root = Path.of("").toAbsolutePath();
        Path outDir = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                final String a = args.get(i);
                switch (a) {
                    case "--suite" -> suite = args.get(++i);
                    case "--scenario", "--scenarios" -> scenarioList = args.get(++i);
                    case "--servers", "--server" -> serverList = args.get(++i);
                    case "--smoke" -> smoke = true;
                    case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
                    case "--seconds" -> {
                        seconds = Double.parseDouble(args.get(++i));
                        secondsSet = true;
                    }
                    case "--warmup" -> warmup = Double.parseDouble(args.get(++i));
                    case "--out" -> outDir = Path.of(args.get(++i));
                    case "--root" -> root = Path.of(args.get(++i)).toAbsolutePath();
                    case "--no-doc" -> doc = false;
                    case "--no-jfr" -> jfr = false;
                    case "--server-cpu" -> serverCpu = Integer.parseInt(args.get(++i));
                    case "--gen-cpu" -> genCpu = Integer.parseInt(args.get(++i));
                    case "--nice" -> nice = Integer.parseInt(args.get(++i));
                    case "--help", "-h" -> {
                        out.print(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (!suite.equals("echo") && !suite.equals("http")) {
                throw new IllegalArgumentException("--suite must be echo or http, was '" + suite + "'");
            }
            if (suite.equals("http")) {
                httpScenarios = scenarioList == null ? HttpScenario.ALL : HttpScenario.parse(scenarioList);
                httpServers = serverList == null ? HttpServers.ALL : HttpServers.parse(serverList);
            } else {
                scenarios = scenarioList == null ? Scenario.ALL : Scenario.parse(scenarioList);
                servers = serverList == null ? Servers.ALL : Servers.parse(serverList);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            err.println("bench: " + (e instanceof IndexOutOfBoundsException ? "an option is missing its value" : e.getMessage()));
            err.print(usage());
            return 2;
        }
        if (smoke) {
            rounds = 1;
            seconds = Math.min(seconds, 1);
            warmup = Math.min(warmup, 0.5);
            jfr = false;
        }
        if (outDir == null) {
            outDir = smoke ? root.resolve("benchmarks/target/smoke") : root.resolve("docs");
        }
        final List<String> command = new ArrayList<>(List.of("bin/zero-io", "bench"));
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--root")) {
                i++; // bin/zero-io adds it
            } else {
                command.add(args.get(i));
            }
        }
        if (suite.equals("http")) {
            final int measure = (int) Math.ceil(secondsSet ? seconds : smoke ? 1 : 3);
            final HttpSuiteOptions http = new HttpSuiteOptions(httpScenarios, httpServers, rounds,
                (int) Math.ceil(warmup), Math.max(1, measure), smoke ? 1 : 3, serverCpu, genCpu, 19200,
                Launch.permittedNice(nice));
            return runHttp(http, String.join(" ", command), doc, outDir, out, err);
        }
        final SuiteOptions options = new SuiteOptions(scenarios, servers, rounds, warmup, seconds, smoke ? 1 : 3,
            serverCpu, genCpu, 19100, jfr ? 5 : 0, Launch.permittedNice(nice));
        Report.noteStart();
        final long t0 = System.nanoTime();
        final Suite.Outcome outcome = new Suite(options, Launch.fromCurrentJvm(options.nice()), out).run();
        final double elapsed = (System.nanoTime() - t0) / 1e9;
        out.printf("suite finished in %.0f s%n", elapsed);
        if (doc) {
            final Path written = new Report(options, outcome, String.join(" ", command), elapsed).write(outDir);
            out.println("wrote " + written);
        }
        final long failed = outcome.runs().stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            err.println("bench: " + failed + " run(s) failed verification or did not complete");
            return 1;
        }
        return 0;
    }

    /** The HTTP suite: runs it, writes its block of the doc unless {@code doc} is false; returns the exit code. */
    static int runHttp(HttpSuiteOptions options, String command, boolean doc, Path outDir, PrintStream out,
                       PrintStream err) throws Exception {
        if (!Wrk.installed()) {
            err.println("bench: the HTTP suite needs wrk (apt-get install wrk)");
            return 2;
        }
        Report.noteStart();
        final long t0 = System.nanoTime();
        final HttpSuite.Outcome outcome = new HttpSuite(options, Launch.fromCurrentJvm(options.nice()), out).run();
        final double elapsed = (System.nanoTime() - t0) / 1e9;
        out.printf("HTTP suite finished in %.0f s%n", elapsed);
        if (doc) {
            final Path written = new HttpReport(options, outcome, command, elapsed).write(outDir);
            out.println("wrote the HTTP section of " + written);
        }
        final long failed = outcome.runs().stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            err.println("bench: " + failed + " HTTP run(s) failed their checks or did not complete");
            return 1;
        }
        return 0;
    }

    static String usage() {
        return String.format(USAGE, Scenario.ids(), HttpScenario.ids(),
            String.join(",", Servers.ALL.stream().map(Servers.Spec::name).toList()), HttpServers.names());
    }
}

package io.zeroio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.zeroio.bench.harness.Launch;
import io.zeroio.bench.harness.RunResult;
import io.zeroio.bench.harness.Scenario;
import io.zeroio.bench.harness.Servers;
import io.zeroio.bench.harness.Suite;
import io.zeroio.bench.harness.SuiteOptions;
import io.zeroio.bench.report.Report;

/**
 * Keeps the harness alive in {@code mvn verify}: a few-second run of every server through the real
 * C load generator, TCP pipelined and UDP. Asserts correctness only (every run verified every echoed
 * byte, echoed messages, zero-io returned every pool slot, the report and charts were written),
 * never speed. The C io_uring echo is left out when liburing-dev is missing (said on stderr).
 */
class BenchSmokeTest {

    @Test
    @Timeout(120)
    void everyServerEchoesVerifiedBytesThroughTheRealGenerator(@TempDir Path out) throws Exception {
        final Launch launch = Launch.fromCurrentJvm(0);
        final List<Servers.Spec> servers = new ArrayList<>();
        for (Servers.Spec s : Servers.ALL) {
            if (s.kind() == Servers.Kind.PENDING) {
                continue;
            }
            if (s.kind() == Servers.Kind.NATIVE && !cUringBuilds(launch)) {
                System.err.println("BenchSmokeTest: liburing-dev missing, the C io_uring echo is left out");
                continue;
            }
            servers.add(s);
        }
        final List<Scenario> scenarios = List.of(Scenario.byId("pipelined-100x16"), Scenario.byId("udp-16x16"));
        final int[] cpus = Launch.allowedCpus();
        final SuiteOptions options = new SuiteOptions(scenarios, servers, 1, 0.3, 0.7, 0, cpus.length > 1 ? cpus[1] : -1,
            cpus.length > 1 ? cpus[0] : -1, 19300, 0, 0);
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final Suite.Outcome outcome = new Suite(options, launch, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        final String progress = log.toString(StandardCharsets.UTF_8);

        assertTrue(outcome.skipped().isEmpty(), "servers failed to start: " + outcome.skipped() + "\n" + progress);
        int expected = 0;
        for (Scenario sc : scenarios) {
            for (Servers.Spec s : servers) {
                if (!sc.udp() || Servers.udp(s)) {
                    expected++;
                }
            }
        }
        assertEquals(expected, outcome.runs().size(), progress);
        for (RunResult r : outcome.runs()) {
            final String what = r.scenario().id() + " on " + r.server().name() + ": " + r.error() + "\n" + progress;
            assertTrue(r.ok(), what);
            assertTrue(r.msgs() > 0, what);
            assertTrue(r.verifiedBytes() >= r.msgs() * r.scenario().size(), what);
            assertTrue(r.serverCpuNanos() >= 0, what);
            if (r.server().jvm()) {
                assertTrue(r.allocatedBytes() >= 0, what);
            }
        }
        for (Servers.Spec s : servers) {
            if (s.name().startsWith("zeroio-")) {
                assertEquals("pools-full", outcome.health().get(s.name()), s.name() + " after the load\n" + progress);
            }
        }

        final Path doc = new Report(options, outcome, "bin/zero-io bench --smoke", 1).write(out);
        final String md = Files.readString(doc);
        assertTrue(md.contains("Netty 4.2 epoll"), md);
        assertTrue(md.contains("zero-io via Pekko Streams throughput ≥ 2× Pekko Streams Tcp | pipelined-100x16"), md);
        assertTrue(md.contains("zero-io actor-per-session throughput ≥ 1.5× Pekko Streams Tcp | pipelined-100x16"), md);
        assertTrue(Files.size(out.resolve("performance/throughput-vs-netty-epoll.png")) > 1000);
        assertTrue(Files.size(out.resolve("performance/cpu-per-message.png")) > 1000);
    }

    private static boolean cUringBuilds(Launch launch) {
        try {
            launch.toolchain().uringEcho();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Timeout(60)
    void generatorFailsTheRunWhenAnEchoedByteDiffers() throws Exception {
        final Path gen = Launch.fromCurrentJvm(0).toolchain().loadgen();
        try (CorruptingEcho bad = new CorruptingEcho(1000)) {
            final Process p = new ProcessBuilder(gen.toString(), "-p", Integer.toString(bad.port()), "-c", "2", "-d",
                "4", "-s", "64", "-w", "0.2", "-t", "1").start();
            final String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, p.waitFor(), stdout + stderr);
            assertTrue(stderr.contains("differ"), stderr);
            assertTrue(stdout.contains("verify_failed=1"), stdout);
        }
    }

    @Test
    @Timeout(60)
    void generatorPassesAnHonestEcho() throws Exception {
        final Path gen = Launch.fromCurrentJvm(0).toolchain().loadgen();
        try (CorruptingEcho good = new CorruptingEcho(Long.MAX_VALUE)) {
            final Process p = new ProcessBuilder(gen.toString(), "-p", Integer.toString(good.port()), "-c", "2", "-d",
                "4", "-s", "100", "-w", "0.1", "-t", "0.5").start();
            final String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), stdout + stderr);
            assertTrue(stdout.contains("complete=1"), stdout);
            assertFalse(stdout.contains(" msgs=0 "), stdout);
        }
    }
}

package io.zeroio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.zeroio.bench.harness.HttpRunResult;
import io.zeroio.bench.harness.HttpScenario;
import io.zeroio.bench.harness.HttpServers;
import io.zeroio.bench.harness.HttpSuite;
import io.zeroio.bench.harness.HttpSuiteOptions;
import io.zeroio.bench.harness.Launch;
import io.zeroio.bench.harness.Servers;
import io.zeroio.bench.report.HttpReport;

/**
 * Keeps the HTTP suite alive in {@code mvn verify}: every HTTP server, 1 s of wrk per scenario
 * (pipelined /plaintext, keep-alive /json), through the real pre-flight check and wrk. Asserts
 * correctness only — every run answered only checked 200s and wrk read the bytes they make up,
 * allocation was sampled, zero-io (inline and behind Pekko HTTP) returned every pool slot, the HTTP
 * block was written next to an existing echo doc without touching it — never speed. The launcher-run
 * modes (streams, actors) may be refused, and only with the launcher's "not built yet".
 * Servers and wrk are not pinned here (startup on one CPU would be slow; speed is not asserted).
 */
class HttpBenchSmokeTest {

    @Test
    @Timeout(180)
    void everyHttpServerAnswersCheckedResponsesUnderWrk(@TempDir Path out) throws Exception {
        final List<HttpScenario> scenarios = List.of(HttpScenario.byId("plaintext-pipelined"),
            HttpScenario.byId("json-keepalive"));
        final HttpSuiteOptions options = new HttpSuiteOptions(scenarios, HttpServers.ALL, 1, 0, 1, 0, -1, -1, 19400, 0);
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final PrintStream both = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                log.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        final HttpSuite.Outcome outcome = new HttpSuite(options, Launch.fromCurrentJvm(0), both).run();
        final String progress = log.toString(StandardCharsets.UTF_8);

        for (Map.Entry<String, String> skip : outcome.skipped().entrySet()) {
            assertTrue((skip.getKey().equals("http-zeroio-streams") || skip.getKey().equals("http-zeroio-actors"))
                && skip.getValue().contains("not built yet"), "server failed to start: " + skip + "\n" + progress);
        }
        final long ran = HttpServers.ALL.stream().filter(s -> !outcome.skipped().containsKey(s.name())).count();
        assertTrue(ran >= 5, progress);
        assertEquals(ran * scenarios.size(), outcome.runs().size(), progress);
        for (HttpRunResult r : outcome.runs()) {
            final String what = r.scenario().id() + " on " + r.server().name() + ": " + r.error() + "\n" + progress;
            assertTrue(r.ok(), what);
            assertTrue(r.requests() > 0, what);
            assertTrue(r.responseBytes() > r.scenario().expectedBody().length() + 17, what);
            assertTrue(r.bytesRead() >= r.requests() * (r.responseBytes() - 1L), what);
            assertTrue(r.serverCpuNanos() > 0, what);
            assertTrue(r.allocatedBytes() >= 0, what);
            assertTrue(r.generatorCpuPct() > 0, what);
        }
        assertEquals("pools-full", outcome.health().get(HttpServers.ZERO_IO), progress);
        assertEquals("pools-full", outcome.health().get(HttpServers.DROP_IN), progress);

        final String echoDoc = "# Performance: zero-io side by side\n\n## Targets and verdicts\n\n| echo | rows |\n";
        Files.writeString(out.resolve("performance.md"), echoDoc);
        final Path doc = new HttpReport(options, outcome, "bin/zero-io bench --suite http --smoke", 1).write(out);
        final String md = Files.readString(doc);
        assertTrue(md.startsWith(echoDoc), md);
        assertTrue(md.contains("| zero-io inline CPU/request ≤ 0.9× Netty HTTP (epoll) | plaintext-pipelined |"), md);
        assertTrue(md.contains("| Pekko HTTP drop-in requests/s ≥ 1.2× stock Pekko HTTP | json-keepalive |"), md);
        assertTrue(md.contains("| plaintext-pipelined | "), "the drop-in's extra cost row\n" + md);
        assertTrue(Files.size(out.resolve("performance/http-requests-per-second.png")) > 1000);
        assertTrue(Files.size(out.resolve("performance/http-cpu-per-request.png")) > 1000);
    }
}

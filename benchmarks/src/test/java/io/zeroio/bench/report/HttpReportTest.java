package io.zeroio.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zeroio.bench.harness.HttpRunResult;
import io.zeroio.bench.harness.HttpScenario;
import io.zeroio.bench.harness.HttpServers;
import io.zeroio.bench.harness.HttpSuite;
import io.zeroio.bench.harness.HttpSuiteOptions;
import io.zeroio.bench.harness.RunResult;
import io.zeroio.bench.harness.Scenario;
import io.zeroio.bench.harness.Servers;
import io.zeroio.bench.harness.Suite;
import io.zeroio.bench.harness.SuiteOptions;

/** The HTTP block's verdicts and its coexistence with the echo suite's doc. */
class HttpReportTest {
    private static final HttpScenario PIPELINED = HttpScenario.byId("plaintext-pipelined");

    private static HttpRunResult run(String server, double rps, long cpuPerReq, long allocPerReq) {
        final long n = (long) rps;
        return new HttpRunResult(PIPELINED, HttpServers.byName(server), 1, n, rps, n * 130, 130, 1000, 2000, 3000,
            cpuPerReq * n, cpuPerReq * n / 3, allocPerReq * n, 50, 1, null);
    }

    private static HttpReport report() {
        final HttpSuiteOptions options = new HttpSuiteOptions(List.of(PIPELINED), HttpServers.ALL, 1, 1, 3, 3, 1, 0,
            19200, 0);
        final List<HttpRunResult> runs = List.of(
            run("http-zeroio-inline", 400_000, 800, 0),
            run("http-netty-epoll", 300_000, 1000, 1200),
            run("http-zeroio-pekko-http", 60_000, 9000, 5000),
            run("http-pekko-http", 40_000, 15000, 7000));
        return new HttpReport(options, new HttpSuite.Outcome(runs, Map.of("http-zeroio-streams", "could not start: not built yet"),
            Map.of("http-zeroio-inline", "pools-full")), "bin/zero-io bench --suite http", 1);
    }

    @Test
    void verdictsAndTheDropInsExtraCost() {
        final String md = report().markdown(List.of(), null);
        assertTrue(md.contains("| zero-io inline CPU/request ≤ 0.9× Netty HTTP (epoll) | plaintext-pipelined | 800 vs 1000 ns = 0.80× | **met** |"), md);
        assertTrue(md.contains("| zero-io inline requests/s ≥ 3× Pekko HTTP | plaintext-pipelined | 400,000 vs 40,000 req/s = 10.00× | **met** |"), md);
        assertTrue(md.contains("| Pekko HTTP drop-in requests/s ≥ 1.2× stock Pekko HTTP | plaintext-pipelined | 60,000 vs 40,000 req/s = 1.50× | **met** |"), md);
        assertTrue(md.contains("| zero-io inline 0 B/request | plaintext-pipelined | 0.000 B/request | **met** |"), md);
        assertTrue(md.contains("| plaintext-pipelined | 9000 ns | 800 ns | **+8200 ns** | 5000 B | 0.00 B | **+5000 B** |"), md);
        assertTrue(md.contains("not run: could not start: not built yet"), md);
    }

    @Test
    void theHttpBlockAndTheEchoDocLeaveEachOtherAlone(@TempDir Path dir) throws Exception {
        final Scenario echo = Scenario.byId("pipelined-100x16");
        final List<RunResult> echoRuns = List.of(new RunResult(echo, Servers.byName("netty-epoll"), 1, 1000, 1000, 64000,
            1, 2, 3, 300_000, 100_000, 0, 50, 1, 64000, 0, null));
        final Report echoReport = new Report(new SuiteOptions(List.of(echo), Servers.ALL, 1, 1, 2.5, 3, 1, 0, 19100, 0, 0),
            new Suite.Outcome(echoRuns, Map.of(), null, Map.of()), "bin/zero-io bench", 1);
        final Path doc = echoReport.write(dir);
        final String echoOnly = Files.readString(doc);

        report().write(dir);
        final String both = Files.readString(doc);
        assertTrue(both.startsWith(echoOnly), "the HTTP run appends its block and leaves the echo part as it was");
        final String block = HttpReport.block(both);
        assertTrue(block.contains("## HTTP: hello world under wrk"), both);

        // a hand-written HTTP analysis survives an HTTP re-run; the block is replaced, not added twice
        final String notes = HttpReport.ANALYSIS_START + "\nhand-written\n" + HttpReport.ANALYSIS_END;
        Files.writeString(doc, both.replace(HttpReport.analysis(both), notes));
        report().write(dir);
        final String again = Files.readString(doc);
        assertTrue(again.startsWith(echoOnly), again);
        assertTrue(again.contains(notes), again);
        assertEquals(again.indexOf(HttpReport.START), again.lastIndexOf(HttpReport.START));

        // the echo suite re-generates its part and keeps the HTTP block byte for byte
        final String httpBlock = HttpReport.block(again);
        echoReport.write(dir);
        final String echoAgain = Files.readString(doc);
        assertEquals(httpBlock, HttpReport.block(echoAgain));
        assertTrue(echoAgain.contains("(#http-hello-world-under-wrk)"), "the echo part links the HTTP section");
        assertTrue(!echoOnly.contains("(#http-hello-world-under-wrk)"), "no link while there is no HTTP section");
        assertEquals(echoAgain.indexOf(HttpReport.START), echoAgain.lastIndexOf(HttpReport.START));
    }
}

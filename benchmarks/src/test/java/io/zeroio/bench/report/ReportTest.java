package io.zeroio.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zeroio.bench.harness.RunResult;
import io.zeroio.bench.harness.Scenario;
import io.zeroio.bench.harness.Servers;
import io.zeroio.bench.harness.Suite;
import io.zeroio.bench.harness.SuiteOptions;

/** The report's arithmetic (medians, ratios, verdicts) and what it keeps across re-runs. */
class ReportTest {
    private static final Scenario PIPELINED = Scenario.byId("pipelined-100x16");
    private static final Scenario PINGPONG = Scenario.byId("pingpong-1");

    private static RunResult run(Scenario s, String server, int round, double msgsPerSecond, long cpuNanosPerMsg,
                                 long p99, String error) {
        final long msgs = (long) msgsPerSecond;
        return new RunResult(s, Servers.byName(server), round, msgs, msgsPerSecond, msgsPerSecond * s.size(), 100, p99,
            2 * p99, cpuNanosPerMsg * msgs, cpuNanosPerMsg * msgs / 2, server.equals("c-uring") ? -1 : 0, 50, 1.0,
            msgs * s.size(), 0, error);
    }

    private static SuiteOptions options(List<Scenario> scenarios) {
        return new SuiteOptions(scenarios, Servers.ALL, 3, 1, 2.5, 3, 1, 0, 19100, 0, 0);
    }

    @Test
    void mediansIgnoreFailedRunsAndRatiosAreToNettyEpoll() {
        final List<RunResult> runs = List.of(
            run(PIPELINED, "netty-epoll", 1, 1_000_000, 400, 1000, null),
            run(PIPELINED, "netty-epoll", 2, 3_000_000, 300, 1000, null),
            run(PIPELINED, "netty-epoll", 3, 2_000_000, 200, 1000, null),
            run(PIPELINED, "zeroio-uring", 1, 2_400_000, 270, 1000, null),
            run(PIPELINED, "zeroio-uring", 2, 0, 0, 0, "generator reported verification errors"),
            run(PIPELINED, "zeroio-uring", 3, 2_600_000, 290, 1000, null));
        final List<Summary> all = Summary.all(List.of(PIPELINED), Servers.ALL, runs);
        final Summary netty = Charts.find(all, PIPELINED, "netty-epoll");
        final Summary zero = Charts.find(all, PIPELINED, "zeroio-uring");
        assertEquals(2_000_000, netty.msgsPerSecond(), 1e-6);
        assertEquals(300, netty.cpuPerMsgNanos(), 1e-6);
        assertEquals(2, zero.okRuns());
        assertEquals(3, zero.runs());
        assertEquals(2_500_000, zero.msgsPerSecond(), 1e-6, "median of the two verified runs");
        assertEquals(280, zero.cpuPerMsgNanos(), 1e-6);
        assertEquals(50, zero.sysSharePct(), 1e-6);
        assertEquals("generator reported verification errors", zero.firstError());
    }

    @Test
    void verdictsSayMetOrByHowMuchTheyMissed() {
        final List<RunResult> runs = List.of(
            run(PIPELINED, "netty-epoll", 1, 2_000_000, 300, 1000, null),
            run(PIPELINED, "zeroio-uring", 1, 1_000_000, 270, 1000, null),
            run(PIPELINED, "c-uring", 1, 3_000_000, 200, 1000, null),
            run(PINGPONG, "netty-epoll", 1, 10_000, 40_000, 1000, null),
            run(PINGPONG, "zeroio-uring", 1, 11_000, 30_000, 900, null));
        final SuiteOptions options = options(List.of(PINGPONG, PIPELINED));
        final String md = new Report(options, new Suite.Outcome(runs, Map.of(), null, Map.of()), "bin/zero-io bench", 1)
            .markdown(List.of(), null);
        // 270 / 300 = 0.90 <= 0.95: met
        assertTrue(md.contains("| zero-io inline CPU/msg ≤ 0.95× Netty epoll | pipelined-100x16 | 270 vs 300 ns = 0.90× | **met** |"), md);
        // 270 / 200 = 1.35 over the 1.05 bound by 29 %
        assertTrue(md.contains("| zero-io inline CPU/msg ≤ 1.05× C io_uring | pipelined-100x16 | 270 vs 200 ns = 1.35× | missed by 29 % |"), md);
        assertTrue(md.contains("= 0.50× | missed by 50 % |"), md);
        assertTrue(md.contains("| 1-connection ping-pong p99 ≤ Netty epoll's | pingpong-1 | 0.9 vs 1.0 µs = 0.90× | **met** |"), md);
        // no Pekko rows in these runs: their targets say so
        assertTrue(md.contains("| zero-io via Pekko Streams: ≥ 2× Pekko Streams Tcp throughput, ≤ 0.5× its CPU/msg, ≤ 64 B/msg | — | — | not run |"), md);
        assertTrue(md.contains("| zero-io actor-per-session throughput ≥ 1.5× Pekko Streams Tcp | — | — | not run |"), md);
    }

    @Test
    void pekkoRowsAreJudgedAgainstPekkoStreamsTcp() {
        final List<RunResult> runs = List.of(
            run(PIPELINED, "netty-epoll", 1, 2_000_000, 300, 1000, null),
            run(PIPELINED, "pekko-streams-tcp", 1, 800_000, 1000, 1000, null),
            run(PIPELINED, "zeroio-pekko-streams", 1, 2_000_000, 400, 1000, null),
            run(PIPELINED, "zeroio-actors", 1, 1_000_000, 900, 1000, null),
            run(PINGPONG, "pekko-streams-tcp", 1, 10_000, 40_000, 1000, null),
            run(PINGPONG, "zeroio-pekko-streams", 1, 11_000, 30_000, 900, null));
        final String md = new Report(options(List.of(PINGPONG, PIPELINED)), new Suite.Outcome(runs, Map.of(), null,
            Map.of()), "bin/zero-io bench", 1).markdown(List.of(), null);
        // 2.0 M / 0.8 M = 2.5× >= 2×
        assertTrue(md.contains("| zero-io via Pekko Streams throughput ≥ 2× Pekko Streams Tcp | pipelined-100x16 | "
            + "2,000,000 vs 800,000 msgs/s = 2.50× | **met** |"), md);
        // 11 k / 10 k = 1.1×: 45 % short of 2×
        assertTrue(md.contains("| zero-io via Pekko Streams throughput ≥ 2× Pekko Streams Tcp | pingpong-1 | "
            + "11,000 vs 10,000 msgs/s = 1.10× | missed by 45 % |"), md);
        // 400 / 1000 = 0.40× <= 0.5×; 30 / 40 µs = 0.75×, 50 % over the bound
        assertTrue(md.contains("| zero-io via Pekko Streams CPU/msg ≤ 0.5× Pekko Streams Tcp | pipelined-100x16 | "
            + "400 vs 1000 ns = 0.40× | **met** |"), md);
        assertTrue(md.contains("| zero-io via Pekko Streams CPU/msg ≤ 0.5× Pekko Streams Tcp | pingpong-1 | "
            + "30000 vs 40000 ns = 0.75× | missed by 50 % |"), md);
        assertTrue(md.contains("| zero-io via Pekko Streams ≤ 64 B/message | pipelined-100x16 | 0.0 B/msg | **met** |"), md);
        // 1.0 M / 0.8 M = 1.25×: 16.7 % short of 1.5×
        assertTrue(md.contains("| zero-io actor-per-session throughput ≥ 1.5× Pekko Streams Tcp | pipelined-100x16 | "
            + "1,000,000 vs 800,000 msgs/s = 1.25× | missed by 17 % |"), md);
        assertFalse(md.contains("| — | — | not run |"), md);
    }

    @Test
    void nearMissesKeepADecimal() {
        assertEquals("missed by 0.1 %", Report.missedBy(0.137));
        assertEquals("missed by 4.2 %", Report.missedBy(4.235));
        assertEquals("missed by 29 %", Report.missedBy(28.6));
    }

    @Test
    void aHandWrittenAnalysisSurvivesARerun(@TempDir Path dir) throws Exception {
        final List<RunResult> runs = List.of(run(PIPELINED, "netty-epoll", 1, 2_000_000, 300, 1000, null),
            run(PIPELINED, "zeroio-uring", 1, 2_100_000, 280, 1000, null));
        final Report report = new Report(options(List.of(PIPELINED)), new Suite.Outcome(runs, Map.of(), null,
            Map.of("zeroio-uring", "pools-full")), "bin/zero-io bench", 1);
        final Path doc = report.write(dir);
        assertTrue(Files.size(dir.resolve("performance/throughput-vs-netty-epoll.png")) > 1000);
        final String first = Files.readString(doc);
        assertFalse(first.contains(Report.ANALYSIS_START));
        final String notes = Report.ANALYSIS_START + "\n## Analysis\n\nhand-written\n" + Report.ANALYSIS_END;
        Files.writeString(doc, first + "\n" + notes + "\n");
        report.write(dir);
        final String second = Files.readString(doc);
        assertTrue(second.contains(notes), second);
        assertEquals(second.indexOf(Report.ANALYSIS_START), second.lastIndexOf(Report.ANALYSIS_START));
        assertTrue(second.contains("`zeroio-uring`: pools-full"), second);
    }

    @Test
    void profileReadingCountsJavaAndNativeSamples() {
        final String jfr = """
            Java Methods that Execute the Most

            Method                                                  Samples Percent
            ------------------------------------------------------- ------- -------
            io.zeroio.runtime.uring.IoUring.getSqe()                     51  24.88%
            io.zeroio.runtime.shard.Io.enqueueSend(int, long, int)       22  10.73%
            java.lang.invoke.LambdaForm.normalizeNames(int)               2   0.98%

                                 Waiting or Executing Native Methods

            Method                                                          Samples
            --------------------------------------------------------------- -------
            java.io.FileInputStream.readBytes(byte[], int, int)               2,190
            java.lang.invoke.LambdaForm$MH.0x000000002b109000.invoke(Object)  2,009
            """;
        final String reading = ProfileNotes.summarise(jfr);
        assertTrue(reading.contains("75 samples were in Java code and 2,009 in native calls"), reading);
        assertTrue(reading.contains("`IoUring.getSqe` 25 %"), reading);
        assertTrue(reading.contains("`Io.enqueueSend` 11 %"), reading);
    }
}

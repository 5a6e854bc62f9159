package io.zeroio.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.zeroio.bench.harness.RunResult;
import io.zeroio.bench.harness.Scenario;
import io.zeroio.bench.harness.Servers;

/**
 * The medians of one server's verified runs in one scenario.
 *
 * @param scenario       the scenario
 * @param server         the server
 * @param runs           runs attempted
 * @param okRuns         runs that completed and verified
 * @param msgsPerSecond  median throughput
 * @param bytesPerSecond median payload bandwidth
 * @param cpuPerMsgNanos median server CPU time per message
 * @param serverCpuPct   median server CPU use
 * @param sysSharePct    median kernel share of the server's CPU time
 * @param allocPerMsg    median bytes allocated per message (NaN: not a JVM)
 * @param p50Nanos       median of the runs' p50
 * @param p99Nanos       median of the runs' p99
 * @param p999Nanos      median of the runs' p99.9
 * @param generatorCpuPct highest generator CPU use among the runs
 * @param lost           UDP datagrams given up on, all runs
 * @param firstError     the first failure, or null
 */
public record Summary(Scenario scenario, Servers.Spec server, int runs, int okRuns, double msgsPerSecond,
                      double bytesPerSecond, double cpuPerMsgNanos, double serverCpuPct, double sysSharePct, double allocPerMsg,
                      double p50Nanos, double p99Nanos, double p999Nanos, double generatorCpuPct, long lost,
                      String firstError) {

    /** Generator CPU use above which the generator, not the server, may have been the bottleneck. */
    public static final double GENERATOR_SATURATED_PCT = 90;

    /** Whether at least one run verified. */
    public boolean ok() {
        return okRuns > 0;
    }

    /** Whether the generator ran above {@link #GENERATOR_SATURATED_PCT}. */
    public boolean generatorSaturated() {
        return generatorCpuPct > GENERATOR_SATURATED_PCT;
    }

    /** Summarises {@code runs} (all of one scenario and server). */
    public static Summary of(Scenario scenario, Servers.Spec server, List<RunResult> runs) {
        final List<RunResult> ok = runs.stream().filter(RunResult::ok).toList();
        final String error = runs.stream().filter(r -> !r.ok()).map(RunResult::error).findFirst().orElse(null);
        return new Summary(scenario, server, runs.size(), ok.size(),
            median(ok, RunResult::msgsPerSecond), median(ok, RunResult::bytesPerSecond),
            median(ok, RunResult::cpuPerMsgNanos), median(ok, RunResult::serverCpuPct), median(ok, RunResult::sysSharePct),
            median(ok, RunResult::allocPerMsg), median(ok, r -> r.p50Nanos()), median(ok, r -> r.p99Nanos()),
            median(ok, r -> r.p999Nanos()), ok.stream().mapToDouble(RunResult::generatorCpuPct).max().orElse(Double.NaN),
            runs.stream().mapToLong(RunResult::lost).sum(), error);
    }

    /** The median of {@code f} over {@code runs} (NaN when empty or all NaN). */
    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        final double[] v = runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One summary per (scenario, server) that ran, scenario-major in the given orders. */
    public static List<Summary> all(List<Scenario> scenarios, List<Servers.Spec> servers, List<RunResult> runs) {
        final List<Summary> out = new ArrayList<>();
        for (Scenario s : scenarios) {
            for (Servers.Spec spec : servers) {
                final List<RunResult> mine = runs.stream()
                    .filter(r -> r.scenario().equals(s) && r.server().name().equals(spec.name())).toList();
                if (!mine.isEmpty()) {
                    out.add(of(s, spec, mine));
                }
            }
        }
        return out;
    }
}

package io.zeroio.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.zeroio.bench.harness.HttpRunResult;
import io.zeroio.bench.harness.HttpScenario;
import io.zeroio.bench.harness.Servers;

/**
 * The medians of one server's good runs in one HTTP scenario.
 *
 * @param scenario          the scenario
 * @param server            the server
 * @param runs              runs attempted
 * @param okRuns            runs where every response was a 200 of the checked size and wrk saw no error
 * @param requestsPerSecond median throughput
 * @param cpuPerRequestNanos median server CPU time per request
 * @param serverCpuPct      median server CPU use
 * @param sysSharePct       median kernel share of the server's CPU time
 * @param allocPerRequest   median bytes allocated per request
 * @param responseBytes     size of one response (status line to body)
 * @param p50Nanos          median of the runs' p50
 * @param p99Nanos          median of the runs' p99
 * @param p999Nanos         median of the runs' p99.9
 * @param generatorCpuPct   highest wrk CPU use among the runs
 * @param firstError        the first failure, or null
 */
public record HttpSummary(HttpScenario scenario, Servers.Spec server, int runs, int okRuns, double requestsPerSecond,
                          double cpuPerRequestNanos, double serverCpuPct, double sysSharePct, double allocPerRequest,
                          int responseBytes, double p50Nanos, double p99Nanos, double p999Nanos, double generatorCpuPct,
                          String firstError) {

    /** Whether at least one run was good. */
    public boolean ok() {
        return okRuns > 0;
    }

    /** Whether wrk ran above {@link Summary#GENERATOR_SATURATED_PCT}: then throughput is a lower bound. */
    public boolean generatorSaturated() {
        return generatorCpuPct > Summary.GENERATOR_SATURATED_PCT;
    }

    /** Summarises {@code runs} (all of one scenario and server). */
    public static HttpSummary of(HttpScenario scenario, Servers.Spec server, List<HttpRunResult> runs) {
        final List<HttpRunResult> ok = runs.stream().filter(HttpRunResult::ok).toList();
        final String error = runs.stream().filter(r -> !r.ok()).map(HttpRunResult::error).findFirst().orElse(null);
        return new HttpSummary(scenario, server, runs.size(), ok.size(), median(ok, HttpRunResult::requestsPerSecond),
            median(ok, HttpRunResult::cpuPerRequestNanos), median(ok, HttpRunResult::serverCpuPct),
            median(ok, HttpRunResult::sysSharePct), median(ok, HttpRunResult::allocPerRequest),
            ok.isEmpty() ? 0 : ok.get(0).responseBytes(), median(ok, r -> r.p50Nanos()), median(ok, r -> r.p99Nanos()),
            median(ok, r -> r.p999Nanos()),
            ok.stream().mapToDouble(HttpRunResult::generatorCpuPct).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN),
            error);
    }

    /** The median of {@code f} over {@code runs} (NaN when empty or all NaN). */
    static double median(List<HttpRunResult> runs, ToDoubleFunction<HttpRunResult> f) {
        final double[] v = runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One summary per (scenario, server) that ran, scenario-major in the given orders. */
    public static List<HttpSummary> all(List<HttpScenario> scenarios, List<Servers.Spec> servers, List<HttpRunResult> runs) {
        final List<HttpSummary> out = new ArrayList<>();
        for (HttpScenario s : scenarios) {
            for (Servers.Spec spec : servers) {
                final List<HttpRunResult> mine = runs.stream()
                    .filter(r -> r.scenario().equals(s) && r.server().name().equals(spec.name())).toList();
                if (!mine.isEmpty()) {
                    out.add(of(s, spec, mine));
                }
            }
        }
        return out;
    }

    /** The summary of {@code server} in {@code scenario}, or null. */
    static HttpSummary find(List<HttpSummary> all, HttpScenario scenario, String server) {
        for (HttpSummary s : all) {
            if (s.scenario().equals(scenario) && s.server().name().equals(server)) {
                return s;
            }
        }
        return null;
    }
}

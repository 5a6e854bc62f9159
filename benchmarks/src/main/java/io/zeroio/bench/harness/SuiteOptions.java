package io.zeroio.bench.harness;

import java.util.List;

/**
 * What one suite run does.
 *
 * @param scenarios     scenarios, in order
 * @param servers       servers (pending ones get a row in the report but do not run)
 * @param rounds        repetitions; every round runs each server once per scenario (interleaved)
 * @param warmupSeconds generator warm-up before each measured window
 * @param measureSeconds measured window per run
 * @param prewarmSeconds JIT warm-up per server before the first scenario (pipelined load, unmeasured)
 * @param serverCpu     CPU the servers are pinned to (-1: none)
 * @param generatorCpu  CPU the generator is pinned to (-1: none)
 * @param basePort      first port; server i listens on basePort + i
 * @param jfrSeconds    seconds of the JFR profile of zero-io inline under the pipelined load (0: none)
 * @param nice          niceness the servers and the generator run at (0: unchanged)
 */
public record SuiteOptions(List<Scenario> scenarios, List<Servers.Spec> servers, int rounds, double warmupSeconds,
                           double measureSeconds, double prewarmSeconds, int serverCpu, int generatorCpu,
                           int basePort, double jfrSeconds, int nice) {
}

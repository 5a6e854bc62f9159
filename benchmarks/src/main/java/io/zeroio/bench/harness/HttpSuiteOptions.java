package io.zeroio.bench.harness;

import java.util.List;

/**
 * What one HTTP suite run does.
 *
 * @param scenarios      scenarios, in order
 * @param servers        servers
 * @param rounds         repetitions; every round runs each server once per scenario (interleaved)
 * @param warmupSeconds  unmeasured wrk run before each measured one (0: none)
 * @param measureSeconds measured wrk run (whole seconds: wrk's -d)
 * @param prewarmSeconds JIT warm-up per server before the first scenario, of pipelined /plaintext and again of keep-alive /json (unmeasured; 0: none)
 * @param serverCpu      CPU the servers are pinned to (-1: none)
 * @param generatorCpu   CPU wrk is pinned to (-1: none)
 * @param basePort       first port; server i listens on basePort + i
 * @param nice           niceness the servers and wrk run at (0: unchanged)
 */
public record HttpSuiteOptions(List<HttpScenario> scenarios, List<Servers.Spec> servers, int rounds, int warmupSeconds,
                               int measureSeconds, int prewarmSeconds, int serverCpu, int generatorCpu, int basePort,
                               int nice) {
}

package io.zeroio.bench.harness;

/**
 * One measured wrk run of one server in one HTTP scenario.
 *
 * @param scenario        the scenario
 * @param server          the server
 * @param round           1-based repetition
 * @param requests        responses wrk completed in its run
 * @param requestsPerSecond requests ÷ wrk's duration
 * @param bytesRead       bytes wrk read (responses, headers included)
 * @param responseBytes   size of one response as the pre-flight check read it (status line to body)
 * @param p50Nanos        wrk's latency percentiles (pipelined: per batch of requests)
 * @param p99Nanos        99th percentile
 * @param p999Nanos       99.9th percentile
 * @param serverCpuNanos  the server process's user+sys CPU over the window
 * @param serverSysNanos  of which system (kernel) time
 * @param allocatedBytes  bytes allocated by the server JVM's threads over the window
 * @param generatorCpuPct wrk's own CPU use over its run (%)
 * @param windowSeconds   the window's wall time (the whole wrk run: connect, load, done)
 * @param error           why the run failed, or null
 */
public record HttpRunResult(HttpScenario scenario, Servers.Spec server, int round, long requests,
                            double requestsPerSecond, long bytesRead, int responseBytes, long p50Nanos, long p99Nanos,
                            long p999Nanos, long serverCpuNanos, long serverSysNanos, long allocatedBytes,
                            double generatorCpuPct, double windowSeconds, String error) {

    /** Server CPU time per request, ns. */
    public double cpuPerRequestNanos() {
        return requests == 0 ? Double.NaN : (double) serverCpuNanos / requests;
    }

    /** The kernel's share of the server's CPU time over the window (%). */
    public double sysSharePct() {
        return serverCpuNanos <= 0 ? Double.NaN : 100.0 * serverSysNanos / serverCpuNanos;
    }

    /** Bytes allocated per request (NaN when not measured). */
    public double allocPerRequest() {
        return allocatedBytes < 0 || requests == 0 ? Double.NaN : (double) allocatedBytes / requests;
    }

    /** Server CPU use over the window (%). */
    public double serverCpuPct() {
        return windowSeconds <= 0 ? 0 : 100.0 * serverCpuNanos / 1e9 / windowSeconds;
    }

    /** Whether the run completed with every response a 200 of the expected size. */
    public boolean ok() {
        return error == null;
    }

    /** A failed run. */
    static HttpRunResult failed(HttpScenario scenario, Servers.Spec server, int round, String why) {
        return new HttpRunResult(scenario, server, round, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, why);
    }
}

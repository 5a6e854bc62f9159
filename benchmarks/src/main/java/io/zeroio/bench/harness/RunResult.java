package io.zeroio.bench.harness;

/**
 * One measured run of one server in one scenario.
 *
 * @param scenario       the scenario
 * @param server         the server
 * @param round          1-based repetition
 * @param msgs           messages echoed in the window
 * @param msgsPerSecond  throughput
 * @param bytesPerSecond payload bytes echoed per second
 * @param p50Nanos       latency percentiles (open loop: from each message's intended send time)
 * @param p99Nanos       99th percentile
 * @param p999Nanos      99.9th percentile
 * @param serverCpuNanos the server process's user+sys CPU over the window
 * @param serverSysNanos of which system (kernel) time
 * @param allocatedBytes bytes allocated by the server's threads over the window (-1: not a JVM)
 * @param generatorCpuPct the generator's own CPU use over the window (%)
 * @param windowSeconds  the window's length
 * @param verifiedBytes  bytes the generator compared with what it sent, whole run
 * @param lost           UDP datagrams given up on
 * @param error          why the run failed, or null
 */
public record RunResult(Scenario scenario, Servers.Spec server, int round, long msgs, double msgsPerSecond,
                        double bytesPerSecond, long p50Nanos, long p99Nanos, long p999Nanos, long serverCpuNanos,
                        long serverSysNanos, long allocatedBytes, double generatorCpuPct, double windowSeconds, long verifiedBytes,
                        long lost, String error) {

    /** Server CPU time per message, ns. */
    public double cpuPerMsgNanos() {
        return msgs == 0 ? Double.NaN : (double) serverCpuNanos / msgs;
    }

    /** The kernel's share of the server's CPU time over the window (%). */
    public double sysSharePct() {
        return serverCpuNanos <= 0 ? Double.NaN : 100.0 * serverSysNanos / serverCpuNanos;
    }

    /** Bytes allocated per message (NaN for native servers). */
    public double allocPerMsg() {
        return allocatedBytes < 0 || msgs == 0 ? Double.NaN : (double) allocatedBytes / msgs;
    }

    /** Server CPU use over the window (%). */
    public double serverCpuPct() {
        return windowSeconds <= 0 ? 0 : 100.0 * serverCpuNanos / 1e9 / windowSeconds;
    }

    /** Whether the run completed and verified. */
    public boolean ok() {
        return error == null;
    }
}

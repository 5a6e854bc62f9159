package io.zeroio.bench.servers;

/**
 * One server under test, run inside its own JVM by {@link ServerMain} on {@code 127.0.0.1:port}:
 * an {@link EchoServer} for the echo suite or an HTTP hello world ({@code /plaintext}, {@code /json})
 * for the HTTP suite. Adding a server is one class implementing this plus one entry in
 * {@link JvmServers} and one in the harness's registry ({@code io.zeroio.bench.harness.Servers} or
 * {@code io.zeroio.bench.harness.HttpServers}).
 */
public interface BenchServer extends AutoCloseable {
    /** Starts listening on {@code 127.0.0.1:port}; returns once it accepts. */
    void start(int port) throws Exception;

    /**
     * A health line after the load: for zero-io, whether every pool slot is back
     * ({@code pools-full} or {@code pools-held=N}, waiting up to {@code waitMillis} for lingering
     * connections to close); {@code n/a} for servers that have nothing to report.
     */
    default String health(long waitMillis) throws Exception {
        return "n/a";
    }

    /** Stops the server and frees what it holds. */
    @Override
    void close() throws Exception;
}

package io.zeroio.bench.servers;

/**
 * One echo server under test, run inside its own JVM by {@link ServerMain}: TCP (and, where the
 * library has it, UDP) echo on {@code 127.0.0.1:port}. Adding a server is one class implementing
 * this plus one entry in {@link JvmServers} and in {@code io.zeroio.bench.harness.Servers}.
 */
public interface EchoServer extends AutoCloseable {
    /** Starts listening on TCP (and UDP when {@link #udp()}) {@code 127.0.0.1:port}; returns once it accepts. */
    void start(int port) throws Exception;

    /** Whether the server also echoes UDP datagrams on the same port. */
    boolean udp();

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

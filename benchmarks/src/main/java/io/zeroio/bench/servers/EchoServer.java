package io.zeroio.bench.servers;

/**
 * One echo server under test, run inside its own JVM by {@link ServerMain}: TCP (and, where the
 * library has it, UDP) echo on {@code 127.0.0.1:port}. Adding a server is one class implementing
 * this plus one entry in {@link JvmServers} and in {@code io.zeroio.bench.harness.Servers}.
 */
public interface EchoServer extends BenchServer {
    /** Starts listening on TCP (and UDP when {@link #udp()}) {@code 127.0.0.1:port}; returns once it accepts. */
    @Override
    void start(int port) throws Exception;

    /** Whether the server also echoes UDP datagrams on the same port. */
    boolean udp();

    /** Stops the server and frees what it holds. */
    @Override
    void close() throws Exception;
}

package io.zeroio.runtime.shard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.file.Path;

import io.zeroio.runtime.error.ZeroIoException;

/**
 * The kernel-facing half of a shard: sockets, submissions and completions. Two implementations,
 * io_uring and NIO, run the same shard logic and the same test suite. Internal SPI; every method
 * is called on the shard thread except {@link #wakeKernel()}.
 */
public interface ShardBackend extends AutoCloseable {
    /** Backend name for logs and errors. */
    String name();

    /** Binds the backend to its shard's callbacks, before any other call. */
    void attach(CompletionSink sink, Config config, io.zeroio.runtime.pool.Pools pools) throws ZeroIoException;

    /** Opens a TCP listener; returns its endpoint id. */
    int tcpListen(InetSocketAddress address, int backlog, boolean reusePort) throws ZeroIoException;

    /** Opens a Unix domain stream listener at {@code path}; returns its endpoint id. */
    int udsListen(Path path, int backlog) throws ZeroIoException;

    /** Binds a UDP socket; returns its endpoint id. */
    int udpBind(InetSocketAddress address, boolean reusePort) throws ZeroIoException;

    /** The address an endpoint is bound to. */
    SocketAddress localAddress(int endpoint) throws ZeroIoException;

    /** Starts an outgoing stream connection stored at table index {@code conn}; completes via onConnected. */
    void connect(int conn, SocketAddress remote) throws ZeroIoException;

    /** Starts (or resumes) receiving on {@code conn}. */
    void startReceive(int conn);

    /** Stops re-arming receives on {@code conn} (demand paused; the TCP window then pushes back). */
    void pauseReceive(int conn);

    /**
     * Sends {@code length} bytes at native {@code address} on {@code conn}; at most one send per
     * connection is in flight. Returns the bytes sent when it finished at once, -errno on an
     * immediate failure, or {@link CompletionSink#PENDING} when onSent will report it.
     */
    int send(int conn, long address, int length);

    /** Sends a datagram from a slot to {@code to}; completes via onDatagramSent (may be synchronous). */
    void sendDatagram(int endpoint, PeerAddress to, long handle, long address, int length);

    /** Sends a datagram from a slot to a Java address; completes via onDatagramSent. */
    void sendDatagram(int endpoint, SocketAddress to, long handle, long address, int length);

    /** Half-closes the sending side (FIN). */
    void shutdownOutput(int conn);

    /** Closes {@code conn}; onClosed follows once nothing is in flight. */
    void close(int conn);

    /** Closes an endpoint (listener or UDP socket). */
    void closeEndpoint(int endpoint);

    /** Joins ({@code join}) or leaves an IP multicast group on a UDP endpoint. */
    void multicast(int endpoint, InetAddress group, NetworkInterface nif, boolean join) throws ZeroIoException;

    /** SO_INCOMING_CPU of a connection, or -1. */
    int incomingCpu(int conn);

    /** TCP_INFO figures: {@code out[0]} = rtt µs, {@code out[1]} = cwnd; -1 when unknown. */
    void tcpInfo(int conn, long[] out);

    /**
     * Submits what is pending and reaps completions, waiting up to {@code waitNanos} for the
     * first one (0: do not wait). Returns completions processed.
     */
    int submitAndReap(long waitNanos);

    /** Interrupts a blocking {@link #submitAndReap}; any thread. */
    void wakeKernel();

    /** Before blocking: arms whatever {@link #wakeKernel()} needs (e.g. a FUTEX_WAIT SQE). */
    default void prepareToSleep(WakeWord word) {
    }

    /** Frees every kernel resource. Idempotent. */
    @Override
    void close();
}

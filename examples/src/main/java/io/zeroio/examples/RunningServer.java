package io.zeroio.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zeroio.runtime.error.AddressInUseException;
import io.zeroio.runtime.error.Errors;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.EchoHandler;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;

/**
 * An echo server running on one or more shards: what {@link TcpEchoServer}, {@link UdpEchoServer}
 * and {@link UdsEchoServer} return. Each shard is a {@link ShardRunner} (its own platform thread,
 * ring, pools and connection table) running the runtime's inline {@link EchoHandler}, which opens
 * its listening socket in {@code onStart} on the shard thread.
 *
 * <p>With several shards, each is pinned to a CPU of the process's cpuset in turn and listens on
 * the same address with SO_REUSEPORT, so the kernel spreads connections (TCP) or datagrams (UDP)
 * over them. Port 0 asks for an ephemeral port: shard 0 binds first and the others join the port
 * it got. Unix sockets have no SO_REUSEPORT, so there only shard 0 listens.
 *
 * <p>Thread-safe: {@link #close()} may come from a shutdown hook while another thread waits in
 * {@link #awaitStop()}.
 */
public final class RunningServer implements AutoCloseable {

    /** Opens the listening endpoint of one shard, on that shard's thread; returns the endpoint id. */
    @FunctionalInterface
    interface Listen {
        int listen(Io io, SocketAddress address, boolean reusePort) throws ZeroIoException;
    }

    private final String transport;
    private final List<ShardRunner> runners;
    private final List<ListeningEcho> handlers;
    private final SocketAddress address;
    private final String backendName;
    private final int[] cpus;
    private final boolean everyShardListens;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningServer(String transport, List<ShardRunner> runners, List<ListeningEcho> handlers,
                          SocketAddress address, String backendName, int[] cpus, boolean everyShardListens) {
        this.transport = transport;
        this.runners = runners;
        this.handlers = handlers;
        this.address = address;
        this.backendName = backendName;
        this.cpus = cpus;
        this.everyShardListens = everyShardListens;
    }

    /**
     * Starts {@code shards} shards running {@link EchoHandler}, listening on {@code requested}.
     * When a shard fails to start, the ones already running are closed before the error is thrown.
     *
     * @param transport         "tcp", "udp" or "uds" (names threads and messages)
     * @param everyShardListens false for Unix sockets: only shard 0 listens
     */
    static RunningServer start(String transport, SocketAddress requested, BackendKind backend, int shards,
                               boolean everyShardListens, Listen listen) throws ZeroIoException {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, was " + shards);
        }
        final int[] allowed = CpuSet.allowed();
        final int[] cpus = new int[shards];
        final List<ShardRunner> runners = new ArrayList<>(shards);
        final List<ListeningEcho> handlers = new ArrayList<>(shards);
        final boolean reusePort = shards > 1 && everyShardListens;
        SocketAddress bound = requested;
        if (reusePort && requested instanceof InetSocketAddress inet && inet.getPort() != 0) {
            ensurePortFree(inet, transport.equals("udp"));
        }
        try {
            for (int i = 0; i < shards; i++) {
                cpus[i] = shards > 1 ? CpuSet.forShard(i, allowed) : -1;
                final Config config = Config.builder()
                    .name("zero-io-" + transport + "-echo-" + i)
                    .backend(backend)
                    .cpu(cpus[i])
                    .build();
                final boolean listens = i == 0 || everyShardListens;
                final ListeningEcho handler = new ListeningEcho(listens ? bound : null, reusePort, listen);
                final ShardRunner runner = ShardRunner.start(config, handler);
                runners.add(runner);
                handlers.add(handler);
                if (i == 0 && requested instanceof InetSocketAddress) {
                    bound = boundAddress(runner, handler); // port 0: the others join the port shard 0 got
                }
            }
            final String backendName = runners.get(0).call(Io::backendName);
            return new RunningServer(transport, Collections.unmodifiableList(runners), handlers, bound,
                backendName, cpus, everyShardListens);
        } catch (ZeroIoException | RuntimeException e) {
            closeAll(runners, e);
            throw e;
        }
    }

    /**
     * SO_REUSEPORT lets any socket of the same user join a port, so a second server started with
     * several shards would silently share the port with the first. Binding once without it first
     * turns that into the usual "address in use" error (a plain bind fails with EADDRINUSE while
     * any socket holds the port, bind(2)).
     */
    private static void ensurePortFree(InetSocketAddress address, boolean udp) throws ZeroIoException {
        try (var probe = udp ? DatagramChannel.open() : ServerSocketChannel.open()) {
            probe.bind(address);
        } catch (BindException e) {
            throw new AddressInUseException("bind", Errors.EADDRINUSE, "bind " + (udp ? "udp " : "tcp ")
                + describe(address) + " failed: EADDRINUSE (" + e.getMessage() + ") — another socket holds this port;"
                + " stop it or choose another port");
        } catch (IOException e) {
            throw new ZeroIoException("cannot bind " + describe(address) + ": " + e.getMessage(), e);
        }
    }

    private static SocketAddress boundAddress(ShardRunner runner, ListeningEcho handler) throws ZeroIoException {
        try {
            return runner.call(handler::boundAddress);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ZeroIoException z) {
                throw z;
            }
            throw e;
        }
    }

    /** "tcp", "udp" or "uds". */
    public String transport() {
        return transport;
    }

    /** The address clients use: host and the real port (also when port 0 was asked for), or the socket path. */
    public SocketAddress address() {
        return address;
    }

    /** The TCP or UDP port listened on. */
    public int port() {
        if (address instanceof InetSocketAddress inet) {
            return inet.getPort();
        }
        throw new IllegalStateException(transport + " has no port; it listens on " + describe(address));
    }

    /** The backend the shards run ({@code "io_uring"} or {@code "nio"}), from {@link Io#backendName()}. */
    public String backendName() {
        return backendName;
    }

    /** The shard runners, shard 0 first (for tests and statistics). */
    public List<ShardRunner> runners() {
        return runners;
    }

    /** Bytes echoed so far by all shards (asks each running shard on its own thread). */
    public long echoedBytes() throws ZeroIoException {
        long sum = 0;
        for (int i = 0; i < runners.size(); i++) {
            final ShardRunner runner = runners.get(i);
            if (runner.thread().isAlive()) {
                final ListeningEcho handler = handlers.get(i);
                sum += runner.call(io -> handler.echoedBytes());
            }
        }
        return sum;
    }

    /**
     * The banner, e.g. {@code zero-io tcp echo listening on 127.0.0.1:7000 (backend nio, 1 shard)}.
     */
    public String banner() {
        final StringBuilder b = new StringBuilder("zero-io ").append(transport).append(" echo listening on ")
            .append(describe(address)).append(" (backend ").append(backendName).append(", ")
            .append(runners.size()).append(runners.size() == 1 ? " shard" : " shards");
        if (runners.size() > 1) {
            final StringJoiner list = new StringJoiner(",", " on CPUs ", "");
            for (int cpu : cpus) {
                list.add(Integer.toString(cpu));
            }
            b.append(list);
        }
        b.append(')');
        if (runners.size() > 1 && !everyShardListens) {
            b.append(System.lineSeparator()).append("note: unix sockets have no SO_REUSEPORT, so only shard 0 listens;"
                + " the other shards run idle");
        }
        return b.toString();
    }

    /** Formats an address the way a user types it: {@code host:port}, {@code [v6]:port} or a path. */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            final String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        return String.valueOf(address);
    }

    /**
     * Waits until {@link #close()} is called or any shard thread ends on its own (a failure);
     * checks every 100 ms (a control thread, not a shard).
     */
    public void awaitStop() throws InterruptedException {
        while (!closed.get()) {
            for (ShardRunner runner : runners) {
                if (!runner.thread().isAlive()) {
                    return;
                }
            }
            runners.get(0).thread().join(100);
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes every shard (each drains its in-flight completions and frees its ring and pools), last
     * first, then removes the Unix socket file this server created. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final List<ShardRunner> reversed = new ArrayList<>(runners);
        Collections.reverse(reversed);
        closeAll(reversed, null);
        if (address instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the socket file " + unix.getPath(), e);
            }
        }
    }

    private static void closeAll(List<ShardRunner> runners, Exception pending) {
        RuntimeException failure = null;
        for (ShardRunner runner : runners) {
            try {
                runner.close();
            } catch (RuntimeException e) {
                if (pending != null) {
                    pending.addSuppressed(e);
                } else if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The runtime's inline echo, listening on {@code address} (null: this shard does not listen). */
    private static final class ListeningEcho extends EchoHandler {
        private final SocketAddress address;
        private final boolean reusePort;
        private final Listen listen;
        private int endpoint = -1;

        ListeningEcho(SocketAddress address, boolean reusePort, Listen listen) {
            this.address = address;
            this.reusePort = reusePort;
            this.listen = listen;
        }

        @Override
        public void onStart(Io io) throws Exception {
            if (address != null) {
                endpoint = listen.listen(io, address, reusePort);
            }
        }

        /** Shard thread: the address the listener got. */
        SocketAddress boundAddress(Io io) {
            try {
                return io.localAddress(endpoint);
            } catch (ZeroIoException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

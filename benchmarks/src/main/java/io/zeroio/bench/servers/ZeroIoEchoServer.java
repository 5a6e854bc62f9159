package io.zeroio.bench.servers;

import java.net.InetSocketAddress;

import io.zeroio.runtime.pool.PoolTier;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.EchoHandler;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;

/**
 * zero-io's inline echo on one shard: the runtime's {@link EchoHandler}, which sends every
 * received byte back out of the slot the kernel wrote it into ({@code Io.sendLease}, no copy)
 * and every datagram back to its source ({@code Io.udpSendLease}). The shard thread is not
 * pinned by zero-io here: the harness pins the whole process with taskset.
 */
public final class ZeroIoEchoServer implements EchoServer {
    /** Receive slot size: zero-io's default, 2048 bytes; -Dzeroio.bench.slotSize overrides it for experiments. */
    static final int SLOT_SIZE = Integer.getInteger("zeroio.bench.slotSize", 2048);
    /** Slots: 8192 (16 MiB at the default size). */
    static final int SLOT_COUNT = Integer.getInteger("zeroio.bench.slotCount", 8192);

    /** Sends queued per connection: zero-io's default, 64; -Dzeroio.bench.txQueueDepth overrides it for experiments. */
    static final int TX_QUEUE_DEPTH = Integer.getInteger("zeroio.bench.txQueueDepth", 64);

    private final BackendKind backend;
    private ShardRunner runner;

    /** A server on {@code backend} ({@link BackendKind#IO_URING} or {@link BackendKind#NIO}). */
    public ZeroIoEchoServer(BackendKind backend) {
        this.backend = backend;
    }

    @Override
    public void start(int port) throws Exception {
        final InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        final Config config = Config.builder()
            .name("zero-io-bench-" + backend.name().toLowerCase(java.util.Locale.ROOT))
            .backend(backend)
            .pools(new PoolTier(SLOT_SIZE, SLOT_COUNT))
            .rxBufferCount(4096)
            .txQueueDepth(TX_QUEUE_DEPTH)
            .maxConnections(1024)
            .build();
        runner = ShardRunner.start(config, new Listening(at));
        final String name = runner.call(Io::backendName);
        if (backend == BackendKind.IO_URING && !name.equals("io_uring")) {
            throw new IllegalStateException("asked for io_uring, the shard runs " + name);
        }
    }

    @Override
    public String health(long waitMillis) throws Exception {
        final long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        long held;
        do {
            held = runner.call(io -> io.openConnections() == 0 ? io.poolStats().held() : -1L);
            if (held == 0) {
                return "pools-full";
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return held < 0 ? "connections-open" : "pools-held=" + held;
    }

    @Override
    public boolean udp() {
        return true;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }

    /** The runtime's echo, listening on TCP and UDP at one address. */
    private static final class Listening extends EchoHandler {
        private final InetSocketAddress at;

        Listening(InetSocketAddress at) {
            this.at = at;
        }

        @Override
        public void onStart(Io io) throws Exception {
            io.tcpListen(at, 1024, false);
            io.udpBind(at);
        }
    }
}

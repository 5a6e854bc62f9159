package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.ServerBinding;

/**
 * Demand reaches the peer: a consumer that stops pulling makes the shard stop re-arming receives,
 * the kernel's receive window fills, and a fast sender's socket stops accepting data, while the
 * server holds no more than the connection's prefetch of slots. Opening the gate lets every byte through.
 */
class BackpressureTest {
    private ActorSystem<Void> system;
    private ZeroIo zio;

    @AfterEach
    void stop() throws Exception {
        TestSystems.awaitPoolsFull(zio);
        TestSystems.terminate(system);
        assertEquals(0, zio.heldSlots());
    }

    @ParameterizedTest
    @ValueSource(strings = {"io-uring", "nio"})
    void aConsumerThatStopsPullingStopsTheSender(String backend) throws Exception {
        system = TestSystems.system("backpressure", "zero-io.backend = " + backend + "\nzero-io.rx-buffer-count = 64");
        zio = ZeroIo.get(system);
        final Materializer mat = Materializer.matFromSystem(system);
        final CompletableFuture<Void> gate = new CompletableFuture<>();
        final AtomicLong received = new AtomicLong();
        final CompletableFuture<Long> done = new CompletableFuture<>();
        // the consumer: one lease enters mapAsync and waits for the gate; nothing else is pulled
        final Flow<Lease, Outgoing, ?> handler = Flow.fromSinkAndSource(
            Flow.<Lease>create()
                .mapAsync(1, l -> gate.thenApply(x -> l))
                .to(Sink.<Lease>foreach(l -> {
                    received.addAndGet(l.length());
                    l.release();
                }).mapMaterializedValue(f -> f.thenAccept(d -> done.complete(received.get())))),
            Source.<Outgoing>never());
        final ServerBinding binding = TestSystems.await(zio.bind("127.0.0.1", 0)
            .to(Sink.foreach(c -> c.handleWith(handler, mat))).run(mat));

        try (SocketChannel ch = SocketChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            ch.connect(new InetSocketAddress("127.0.0.1", binding.port()));
            ch.configureBlocking(false);
            final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            long stalledSince = 0;
            final long deadline = System.nanoTime() + 20_000_000_000L;
            // write as fast as possible until the socket accepts nothing for 300 ms
            while (System.nanoTime() < deadline) {
                chunk.clear();
                final int n = ch.write(chunk);
                if (n > 0) {
                    written += n;
                    stalledSince = 0;
                } else if (stalledSince == 0) {
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince > 300_000_000L) {
                    break;
                } else {
                    Thread.sleep(1);
                }
            }
            assertTrue(stalledSince != 0, "the sender's socket never stopped accepting data (wrote " + written + " bytes)");
            assertTrue(written < 64L * 1024 * 1024, "accepted too much before stalling: " + written);
            final long held = zio.heldSlots();
            final int prefetch = zio.settings().prefetch();
            // bounded by the prefetch plus the receives already in flight when the pause took effect
            // (io_uring multishot: at most the shard's rx-buffer-count; NIO: one read)
            final int bound = prefetch + zio.settings().rxBufferCount();
            assertTrue(held >= prefetch && held <= bound, "server pool use stays within prefetch.." + bound + ": held " + held);
            assertTrue(received.get() == 0, "the gated consumer received nothing yet");

            // open the gate: the shard resumes receiving and every byte arrives
            gate.complete(null);
            ch.configureBlocking(true);
            ch.shutdownOutput();
            final long total = TestSystems.await(done);
            assertEquals(written, total, "bytes received by the consumer after the gate opened");
        }
    }
}

package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link InlineHandler#afterPoll}: run by {@link ShardRunner} after each poll's events (a
 * {@code wake()} from another thread is enough to get there), and the events its own calls raise
 * reach {@code onEvent} in the same cycle — before the next poll would retire them unseen.
 */
class AfterPollTest {
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void workPublishedByAnotherThreadRunsAndItsEventsAreDelivered(BackendKind kind) throws Exception {
        final AtomicLong accepted = new AtomicLong();
        final AtomicBoolean closeRequested = new AtomicBoolean();
        final CountDownLatch disconnected = new CountDownLatch(1);
        final int[] endpoint = new int[1];
        final InlineHandler handler = new InlineHandler() {
            @Override
            public void onStart(Io io) throws Exception {
                endpoint[0] = io.tcpListen(new InetSocketAddress("127.0.0.1", 0));
            }

            @Override
            public void onEvent(Io io, Event event) {
                if (event.type() == EventType.ACCEPTED) {
                    accepted.set(event.conn());
                } else if (event.type() == EventType.DISCONNECTED && event.conn() == accepted.get()) {
                    disconnected.countDown();
                }
            }

            @Override
            public void afterPoll(Io io) {
                // another thread asked for a close: the DISCONNECTED it raises must still be delivered
                if (closeRequested.compareAndSet(true, false)) {
                    io.close(accepted.get());
                }
            }
        };
        try (ShardRunner shard = ShardRunner.start(Backends4Test.config(kind), handler)) {
            final int port = ((InetSocketAddress) shard.call(io -> {
                try {
                    return io.localAddress(endpoint[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })).getPort();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (accepted.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertTrue(accepted.get() != 0, "accepted");
                closeRequested.set(true);
                shard.handle().wake();
                assertTrue(disconnected.await(5, TimeUnit.SECONDS), "DISCONNECTED raised in afterPoll reached onEvent");
                assertEquals(-1, s.getInputStream().read(), "the client sees the close");
            }
            ShardAssertions.awaitPoolsFull(shard);
        }
    }
}

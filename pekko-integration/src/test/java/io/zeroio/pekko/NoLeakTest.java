package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.ServerBinding;

/** Leases come back whatever happens mid-traffic: cancel, failure, ActorSystem shutdown. */
class NoLeakTest {
    private ActorSystem<Void> system;
    private ZeroIo zio;
    private Materializer mat;
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    void start() {
        system = TestSystems.system("noleak", "");
        zio = ZeroIo.get(system);
        mat = Materializer.matFromSystem(system);
    }

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        if (!system.whenTerminated().isCompleted()) {
            TestSystems.awaitPoolsFull(zio);
            TestSystems.terminate(system);
        }
        assertEquals(0, zio.heldSlots(), "slots held after shutdown");
        for (var s : zio.shards()) {
            assertEquals(0, s.heldAtClose(), "shard " + s.index() + " closed with slots held");
        }
    }

    /** Clients that send forever (until the connection breaks) and read whatever comes back. */
    private List<CompletableFuture<Long>> blast(int port, int connections) {
        final List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            final CompletableFuture<Long> f = new CompletableFuture<>();
            all.add(f);
            clients.submit(() -> {
                long sent = 0;
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(15_000);
                    final InputStream in = s.getInputStream();
                    clients.submit(() -> {
                        final byte[] sink = new byte[16384];
                        try {
                            while (in.read(sink) >= 0) {
                                // drain echoes
                            }
                        } catch (Exception ignored) {
                            // connection broken: expected
                        }
                        return null;
                    });
                    final OutputStream out = s.getOutputStream();
                    final byte[] b = new byte[4096];
                    final long end = System.nanoTime() + 15_000_000_000L;
                    while (System.nanoTime() < end) {
                        out.write(b);
                        sent += b.length;
                    }
                } catch (Exception expected) {
                    // the server closed or reset: what these tests provoke
                }
                f.complete(sent);
                return null;
            });
        }
        return all;
    }

    private ServerBinding serve(Flow<Lease, Outgoing, ?> handler) throws Exception {
        return TestSystems.await(zio.bind("127.0.0.1", 0).to(Sink.foreach(c -> c.handleWith(handler, mat))).run(mat));
    }

    @Test
    void cancelMidTrafficWithLeasesHeldAndDroppedReturnsEverySlot() throws Exception {
        start();
        final List<Lease> hoarded = new CopyOnWriteArrayList<>();
        // keep 3 leases unreleased, let a buffer hold more, then cancel the read side after 40 elements
        final Flow<Lease, Outgoing, ?> handler = Flow.<Lease>create()
            .buffer(8, OverflowStrategy.backpressure())
            .take(40)
            .<Outgoing>map(l -> {
                if (hoarded.size() < 3) {
                    hoarded.add(l);
                    return Outgoing.copyOf(org.apache.pekko.util.ByteString.fromString("x"));
                }
                return l;
            });
        final ServerBinding b = serve(handler);
        final List<CompletableFuture<Long>> sent = blast(b.port(), 10);
        for (CompletableFuture<Long> f : sent) {
            assertTrue(f.get(20, TimeUnit.SECONDS) > 0);
        }
        TestSystems.awaitPoolsFull(zio);
        for (Lease l : hoarded) {
            assertTrue(!l.isLive(), "a lease held past its connection is reclaimed");
            assertThrows(IllegalStateException.class, l::buffer, "reading a reclaimed lease fails loudly");
            l.release(); // a late release of a reclaimed lease is a no-op
        }
    }

    @Test
    void failureMidTrafficReturnsEverySlot() throws Exception {
        start();
        final AtomicInteger seen = new AtomicInteger();
        final Flow<Lease, Outgoing, ?> handler = Flow.<Lease>create()
            .buffer(4, OverflowStrategy.backpressure())
            .<Outgoing>map(l -> {
                if (seen.incrementAndGet() % 25 == 0) {
                    throw new IllegalStateException("boom: handler failure");
                }
                return l;
            });
        final ServerBinding b = serve(handler);
        final List<CompletableFuture<Long>> sent = blast(b.port(), 10);
        for (CompletableFuture<Long> f : sent) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertTrue(seen.get() >= 10, "the handler ran");
        TestSystems.awaitPoolsFull(zio);
    }

    @Test
    void shutdownMidTrafficReturnsEverySlot() throws Exception {
        start();
        // an echo whose stream also parks leases in a buffer, so some are in flight at shutdown
        final Flow<Lease, Outgoing, ?> handler = Flow.<Lease>create()
            .buffer(16, OverflowStrategy.backpressure())
            .<Outgoing>map(l -> l);
        final ServerBinding b = serve(handler);
        final List<CompletableFuture<Long>> sent = blast(b.port(), 20);
        final long until = System.nanoTime() + 3_000_000_000L;
        while (zio.shards().stream().mapToLong(s -> s.counters().bytesIn()).sum() < 4 * 1024 * 1024
            && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertTrue(zio.openConnections() > 0, "traffic is flowing when the system terminates");
        TestSystems.terminate(system); // CoordinatedShutdown: unbind, drain, stop shards
        for (CompletableFuture<Long> f : sent) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertEquals(0, zio.heldSlots(), "every slot returned after shutdown mid-traffic");
    }
}

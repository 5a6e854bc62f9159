package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zeroio.cascade.CascadeState;
import io.zeroio.pekko.shard.CascadeTransition;
import io.zeroio.pekko.shard.ZeroIoShard;
import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.ServerBinding;
import io.zeroio.runtime.pool.SendBuffer;
import kamon.Kamon;

/**
 * Forcing pool pressure walks the cascade through Warning, Critical and Drain; each state changes
 * demand as documented (prefetch 16 → 4 → 1; bulk outgoing shed, critical sent; idle connection
 * streams completed), the transitions arrive on {@code cascadeTransitions()} and show in Kamon.
 */
class CascadeDemandTest {
    private static final int SLOTS = 100;
    private static final KamonProbe PROBE = new KamonProbe();

    @BeforeAll
    static void kamon() {
        Kamon.initWithoutAttaching(); // starts the tick that hands snapshots to reporters
        Kamon.addReporter("zero-io-test-probe", PROBE);
    }

    private ActorSystem<Void> system;
    private ZeroIo zio;
    private final List<SendBuffer> ballast = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (SendBuffer b : ballast) {
            if (b.isOpen()) {
                b.abort();
            }
        }
        for (Socket s : clients) {
            s.close();
        }
        if (zio != null) {
            // the consumers never pull, so they hold their leases until the system shuts down
            TestSystems.terminate(system);
            assertEquals(0, zio.heldSlots());
        }
    }

    /** Holds slots of the shard (as a producer that checked out SendBuffers and sits on them) until utilisation >= pct. */
    private void pressTo(ZeroIoShard shard, int pct) {
        while ((shard.poolStats().held() * 100) / SLOTS < pct) {
            final SendBuffer b = shard.sendBuffer(1);
            assertTrue(b != null, "pool exhausted while pressing to " + pct + "%");
            ballast.add(b);
        }
    }

    private void releaseBallast() {
        for (SendBuffer b : ballast) {
            b.abort();
        }
        ballast.clear();
    }

    private String status() {
        final ZeroIoShard s = zio.shard(0);
        return "state=" + s.cascadeState() + " prefetch=" + s.prefetchNow() + " stats=" + s.poolStats()
            + " open=" + zio.openConnections() + " util=" + s.cascade().utilisation();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + " (" + status() + ")");
            }
            Thread.sleep(5);
        }
    }

    /** A client that sends far more than any prefetch, so the server holds exactly what demand allows. */
    private Socket flood(int port) throws Exception {
        final Socket s = new Socket("127.0.0.1", port);
        clients.add(s);
        final OutputStream out = s.getOutputStream();
        Thread.ofVirtual().start(() -> {
            final byte[] b = new byte[1024];
            try {
                for (int i = 0; i < 4096; i++) {
                    out.write(b);
                }
            } catch (Exception closed) {
                // the server closed (Drain) or the test ended
            }
        });
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"io-uring", "nio"})
    void pressureTrimsDemandShedsBulkClosesIdleAndIsVisible(String backend) throws Exception {
        system = TestSystems.system("cascade", """
            zero-io.shards = 1
            zero-io.pools = [ { slot-size = 2048, slot-count = 100 } ]
            zero-io.rx-buffer-count = 2
            zero-io.cascade.drain-idle = 300ms
            zero-io.metrics.interval = 100ms
            """ + "zero-io.backend = " + backend + "\n");
        zio = ZeroIo.get(system);
        final KamonProbe probe = PROBE;
        probe.counters.clear();
        probe.gauges.clear();
        final Materializer mat = Materializer.matFromSystem(system);
        final ZeroIoShard shard = zio.shard(0);
        final ConcurrentLinkedQueue<CascadeTransition> seen = new ConcurrentLinkedQueue<>();
        zio.cascadeTransitions().runForeach(seen::add, mat);
        Thread.sleep(100); // the hub subscription is asynchronous

        // connection streams whose consumer never pulls: the server holds exactly the granted prefetch
        final ServerBinding binding = TestSystems.await(zio.bind("127.0.0.1", 0).to(Sink.foreach(c -> {
            c.handleWith(Flow.fromSinkAndSourceCoupled(NeverPull.<Lease>sink(), Source.<Outgoing>never()), mat);
        })).run(mat));
        final int port = binding.port();
        assertEquals(CascadeState.HEALTHY, shard.cascadeState());
        assertEquals(16, shard.prefetchNow());

        // Healthy: one flooding connection is held at the full prefetch
        long before = shard.poolStats().held();
        flood(port);
        await("healthy prefetch reached", () -> shard.poolStats().held() - before >= 16);
        Thread.sleep(200);
        final long healthyHeld = shard.poolStats().held() - before;
        // io_uring: receives already in flight when the pause is submitted still land (at most one
        // buffer-ring's worth, rx-buffer-count = 2 here), so held is prefetch .. prefetch + 2 per cycle (a few cycles at most)
        assertTrue(healthyHeld >= 16 && healthyHeld <= 16 + 8, "Healthy grants prefetch 16, held " + healthyHeld);

        // Warning (default thresholds: 60 %; the runtime keeps receiving there, capping RX to its
        // budget only from Critical on): the next connection is trimmed to warning-prefetch 4
        pressTo(shard, 62);
        await("warning", () -> shard.cascadeState() == CascadeState.WARNING);
        assertEquals(4, shard.prefetchNow());
        final long beforeWarning = shard.poolStats().held();
        flood(port);
        await("warning prefetch reached", () -> shard.poolStats().held() - beforeWarning >= 4);
        Thread.sleep(200);
        final long warningHeld = shard.poolStats().held() - beforeWarning;
        assertTrue(warningHeld >= 4 && warningHeld <= 4 + 8, "Warning trims prefetch to 4, held " + warningHeld);
        assertTrue(warningHeld < healthyHeld, "Warning grants less than Healthy: " + warningHeld + " vs " + healthyHeld);

        // Critical: prefetch 1, bulk outgoing shed, critical outgoing sent
        pressTo(shard, 82);
        await("critical", () -> shard.cascadeState() == CascadeState.CRITICAL);
        assertEquals(1, shard.prefetchNow());
        try (ServerSocket peer = new ServerSocket(0)) {
            final long bulkDropsBefore = shard.cascade().drops(io.zeroio.cascade.TrafficClass.TX_BULK);
            final SendBuffer bulk = shard.sendBuffer(4);
            bulk.buffer().putBytes(0, "BULK".getBytes());
            final SendBuffer critical = shard.sendBuffer(4);
            critical.buffer().putBytes(0, "CRIT".getBytes());
            Source.from(List.of(Outgoing.send(bulk.length(4)), Outgoing.critical(critical.length(4))))
                .concat(Source.never())
                .viaMat(zio.outgoingConnection(new java.net.InetSocketAddress("127.0.0.1", peer.getLocalPort()), 0), Keep.right())
                .to(Sink.foreach(Lease::release))
                .run(mat);
            try (Socket accepted = peer.accept()) {
                accepted.setSoTimeout(5000);
                final InputStream in = accepted.getInputStream();
                assertEquals("CRIT", new String(TestSystems.readFully(in, 4)), "only the critical element is sent");
            }
            assertEquals(bulkDropsBefore + 1, shard.cascade().drops(io.zeroio.cascade.TrafficClass.TX_BULK),
                "the bulk element was shed and counted");
        }

        // Drain: idle connections are closed (their streams complete and their leases come back)
        // until the pool is relieved below the drain threshold
        final int openBefore = zio.openConnections();
        assertEquals(3, openBefore, "two flooding connections and the client connection");
        pressTo(shard, 97);
        await("drain", () -> seen.stream().anyMatch(t -> t.to() == CascadeState.DRAIN));
        await("idle connections closed", () -> zio.openConnections() < openBefore);
        await("relief below drain", () -> shard.cascadeState() != CascadeState.DRAIN);

        // relief: back to Healthy, full prefetch again
        releaseBallast();
        await("healthy again", () -> shard.cascadeState() == CascadeState.HEALTHY);
        assertEquals(16, shard.prefetchNow());

        // the transitions, as a Source and in Kamon
        await("transitions on the Source", () -> seen.stream().anyMatch(t -> t.to() == CascadeState.HEALTHY));
        final List<CascadeState> path = seen.stream().map(CascadeTransition::to).toList();
        assertEquals(List.of(CascadeState.WARNING, CascadeState.CRITICAL, CascadeState.DRAIN), path.subList(0, 3),
            "transitions in order: " + seen);
        assertEquals(1, seen.stream().filter(t -> t.to() == CascadeState.CRITICAL).findFirst().orElseThrow().prefetch());
        await("Kamon saw the transitions", () -> probe.counter("zeroio.cascade.transitions", "system=cascade", "to=drain") >= 1
            && probe.counter("zeroio.cascade.transitions", "system=cascade", "to=critical") >= 1
            && probe.counter("zeroio.cascade.transitions", "system=cascade", "to=warning") >= 1
            && probe.counter("zeroio.drops", "system=cascade", "class=tx_bulk") >= 1);
        await("Kamon state gauge back to Healthy", () -> probe.gauge("zeroio.cascade.state", "system=cascade", "shard=0") == 0.0);
        assertTrue(probe.gauge("zeroio.pool.slots", "system=cascade", "kind=capacity") == SLOTS, "pool capacity gauge");
        assertTrue(probe.gauge("zeroio.pool.slots", "system=cascade", "kind=peak") >= 96, "pool peak gauge");
    }
}

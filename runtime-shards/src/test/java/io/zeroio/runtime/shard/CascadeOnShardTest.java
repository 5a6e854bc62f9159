package io.zeroio.runtime.shard;

import static io.zeroio.runtime.shard.ShardTestSupport.assertEchoes;
import static io.zeroio.runtime.shard.ShardTestSupport.awaitTrue;
import static io.zeroio.runtime.shard.ShardTestSupport.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.cascade.CascadeListener;
import io.zeroio.cascade.CascadeState;
import io.zeroio.cascade.TrafficClass;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.PoolTier;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.shard.ShardTestSupport.Rec;

/**
 * The backpressure cascade on a running shard: filling the RX tier (20 slots) walks
 * HEALTHY → WARNING (60 %) → CRITICAL (80 %) → DRAIN (95 %); in CRITICAL bulk sends are shed and
 * counted while critical sends still go out; in DRAIN idle connections are closed; releasing the slots
 * brings the shard back to HEALTHY. Every Io call runs on the shard thread ({@code ShardRunner.call}).
 *
 * <p>First received payloads the handler detaches and holds (up to 12 slots, 60 %: that is as far as
 * receiving can fill the tier, since above the RX budget the shard stops lending RX slots once the state
 * has left HEALTHY), then slots of the same tier held as SendBuffers (transmit use of the shared tier),
 * which is how the pool fills further in practice. Steps are counted from the tier's real use.
 */
@Timeout(60)
class CascadeOnShardTest {
    private static final int RX_SLOTS = 20;
    private static final long DRAIN_IDLE_NANOS = 300_000_000L;

    private ShardRunner shard;

    @AfterEach
    void stop() {
        if (shard != null) {
            shard.close();
        }
    }

    /** Holds detached payloads while {@link #holding}; records cascade transitions. */
    static final class Pressured extends ShardTestSupport.RecordingEcho implements CascadeListener {
        final ConcurrentLinkedQueue<OwnedSlot> held = new ConcurrentLinkedQueue<>();
        final List<String> transitions = new ArrayList<>(); // shard thread only; read through call()
        volatile boolean holding = true;
        volatile int heldCount;

        @Override
        public void onStart(Io io) throws Exception {
            super.onStart(io);
            io.cascade().addListener(this);
        }

        @Override
        public void onTransition(CascadeState from, CascadeState to, double utilisationPct) {
            transitions.add(from + "->" + to);
        }

        @Override
        boolean handle(Io io, Event event) {
            if (event.type() == EventType.DATA && holding) {
                held.add(event.detach());
                heldCount++;
                return true;
            }
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void fillingThePoolWalksTheCascadeShedsBulkClosesIdleAndRecovers(BackendKind kind) throws Exception {
        final Config config = Config.builder().name("cascade-" + kind).backend(kind)
            .pools(new PoolTier(1024, RX_SLOTS), new PoolTier(4096, 16)).rxBufferCount(2).maxConnections(16)
            .drainIdleNanos(DRAIN_IDLE_NANOS).build();
        final Pressured h = new Pressured();
        shard = ShardRunner.start(config, h);
        final int port = port(shard, h.listener);
        final List<SendBuffer> txHeld = new ArrayList<>(); // shard thread only

        try (Socket idle = new Socket("127.0.0.1", port); Socket active = new Socket("127.0.0.1", port)) {
            active.setSoTimeout(10_000);
            idle.setSoTimeout(10_000);
            awaitTrue("both connections accepted", () -> h.all(r -> r.type() == EventType.ACCEPTED).size() == 2);
            final long idleConn = h.all(r -> r.type() == EventType.ACCEPTED).get(0).conn();
            final long activeConn = h.all(r -> r.type() == EventType.ACCEPTED).get(1).conn();
            assertEquals(CascadeState.HEALTHY, pressure());

            // Received payloads held (up to the RX budget, 12), then tier-0 slots, one at a time: the
            // state is HEALTHY below 60 % and WARNING from the step that reaches it. (Counted from the
            // tier's real use, so slots a backend lends to the kernel are accounted for.)
            int payloads = 0;
            for (;;) {
                final long[] now = stateAndUse();
                if (now[0] != CascadeState.HEALTHY.ordinal()) {
                    assertEquals(CascadeState.WARNING.ordinal(), now[0], "the first step up is WARNING");
                    assertTrue(now[1] * 100 >= 60L * RX_SLOTS, "WARNING only from 60 %: " + now[1] + "/" + RX_SLOTS);
                    break;
                }
                assertTrue(now[1] * 100 < 60L * RX_SLOTS, "still HEALTHY at " + now[1] + "/" + RX_SLOTS);
                if (payloads < 12) {
                    active.getOutputStream().write(new byte[] {(byte) ++payloads});
                    final int expected = payloads;
                    awaitTrue("payload " + payloads + " held", () -> h.heldCount == expected);
                } else {
                    holdTier0(txHeld, 1);
                }
            }
            assertTrue(payloads > 0, "received payloads took part in filling the pool");

            // To 80 % → CRITICAL.
            holdTier0(txHeld, (int) (16 - stateAndUse()[1]));
            awaitPressure(CascadeState.CRITICAL);

            // CRITICAL: bulk is shed and counted, critical still goes out (from the larger tier: no effect on tier 0).
            final long bulkDropsBefore = shard.call(io -> io.cascade().drops(TrafficClass.TX_BULK));
            final boolean bulkSent = shard.call(io -> io.send(activeConn, message(io, 0xB0)));
            assertFalse(bulkSent, "bulk send refused in CRITICAL");
            assertEquals(bulkDropsBefore + 1, (long) shard.call(io -> io.cascade().drops(TrafficClass.TX_BULK)),
                "the shed bulk send is counted as a TX_BULK drop");
            final boolean criticalSent = shard.call(io -> io.sendCritical(activeConn, message(io, 0xC1)));
            assertTrue(criticalSent, "critical send admitted in CRITICAL");
            final DataInputStream in = new DataInputStream(active.getInputStream());
            assertEquals(0xC1, in.readInt(), "the critical message arrived (and the shed bulk one did not)");
            assertEquals(0L, (long) shard.call(io -> io.cascade().drops(TrafficClass.TX_CRITICAL)), "critical never shed");

            // Let the idle connection pass the idle limit, then 3 more slots (95 %) → DRAIN.
            final long idleSince = shard.call(Io::nanoTime);
            awaitTrue("the idle connection to be idle for longer than drain-idle", () -> {
                try {
                    return shard.call(Io::nanoTime) - idleSince > DRAIN_IDLE_NANOS;
                } catch (ZeroIoException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Keep the active connection fresh: a critical send just before DRAIN.
            assertTrue((boolean) shard.call(io -> io.sendCritical(activeConn, message(io, 0xC2))));
            assertEquals(0xC2, in.readInt());
            holdTier0(txHeld, (int) (19 - stateAndUse()[1])); // 95 %
            awaitPressure(CascadeState.DRAIN);
            final Rec closed = h.await("DISCONNECTED of the idle connection",
                r -> r.type() == EventType.DISCONNECTED && r.conn() == idleConn);
            assertEquals(0, closed.errno());
            assertEquals(-1, idle.getInputStream().read(), "the idle peer sees the shard close the connection");

            // Release everything: back to HEALTHY.
            h.holding = false;
            for (OwnedSlot s; (s = h.held.poll()) != null; ) {
                s.close();
            }
            shard.call(io -> {
                txHeld.forEach(SendBuffer::abort);
                txHeld.clear();
                return null;
            });
            awaitPressure(CascadeState.HEALTHY);
            final List<String> walk = shard.call(io -> List.copyOf(h.transitions));
            assertEquals(List.of("HEALTHY->WARNING", "WARNING->CRITICAL", "CRITICAL->DRAIN"), walk.subList(0, 3),
                "the way up, one state at a time: " + walk);
            assertEquals(CascadeState.HEALTHY, pressure());
            assertTrue(walk.get(walk.size() - 1).endsWith("->HEALTHY"), "recovered: " + walk);
            System.out.printf("[cascade] backend=%s: transitions %s; drops RX=%d TX_BULK=%d TX_CRITICAL=%d%n", kind, walk,
                shard.call(io -> io.cascade().drops(TrafficClass.RX)), shard.call(io -> io.cascade().drops(TrafficClass.TX_BULK)),
                shard.call(io -> io.cascade().drops(TrafficClass.TX_CRITICAL)));
        }
        // Still serving, nothing leaked.
        assertEchoes(port);
        ShardAssertions.awaitOpenConnections(shard, 0);
        ShardAssertions.awaitPoolsFull(shard);
    }

    /**
     * Slots lent to the kernel's receive ring count as tier-0 use (they are receives in flight, and
     * nothing else can check them out), so the backend must not lend so many that an idle shard
     * leaves HEALTHY: with rx-buffer-count equal to the pool, io_uring lends less than the share at which
     * the cascade returns to HEALTHY (warning - hysteresis, 55 %), even after traffic passed.
     */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void aReceiveRingAsLargeAsThePoolLeavesAnIdleShardHealthy(BackendKind kind) throws Exception {
        final int slots = 64;
        final Config config = Config.builder().name("bigring-" + kind).backend(kind)
            .pools(new PoolTier(2048, slots)).rxBufferCount(slots).maxConnections(4).build();
        final ShardTestSupport.RecordingEcho h = new ShardTestSupport.RecordingEcho();
        shard = ShardRunner.start(config, h);
        final int port = port(shard, h.listener);
        assertEchoes(port);
        for (int i = 0; i < 5; i++) {
            shard.call(io -> null); // a few duty cycles with the ring refilled
        }
        final long[] now = stateAndUse();
        final long lent = shard.call(io -> io.pools().tier(0).lent());
        System.out.printf("[big-ring] backend=%s: idle with %d of %d slots lent; state %s%n", kind, lent, slots,
            CascadeState.values()[(int) now[0]]);
        assertEquals(CascadeState.HEALTHY.ordinal(), now[0], "an idle shard is HEALTHY");
        final int healthyShare = config.cascade().warningPct() - config.cascade().hysteresisPct();
        assertTrue(now[1] * 100 < (long) healthyShare * slots,
            "lent below the share at which WARNING is left: " + now[1] + "/" + slots);
        if (kind == BackendKind.IO_URING) {
            assertTrue(lent > 0, "the ring holds buffers");
        }
        assertEquals(0L, (long) shard.call(io -> io.cascade().totalDrops()), "nothing shed or refused while idle");
        assertEchoes(port);
        ShardAssertions.awaitOpenConnections(shard, 0);
        ShardAssertions.awaitPoolsFull(shard);
    }

    /** A 4-byte message in a slot of the larger tier (so tier-0 utilisation does not move). */
    private static SendBuffer message(Io io, int value) {
        final SendBuffer b = io.sendBuffer(2000);
        assertNotNull(b);
        assertEquals(1, b.pool().tier());
        b.buffer().putInt(0, value, ByteOrder.BIG_ENDIAN);
        return b.length(4);
    }

    private void holdTier0(List<SendBuffer> txHeld, int n) throws ZeroIoException {
        shard.call(io -> {
            for (int i = 0; i < n; i++) {
                final SendBuffer b = io.sendBuffer(100);
                assertNotNull(b, "tier 0 exhausted early");
                assertEquals(0, b.pool().tier());
                txHeld.add(b);
            }
            return null;
        });
    }

    /** The state the last duty cycle computed and tier 0's use now, read in one shard task. */
    private long[] stateAndUse() throws ZeroIoException {
        return shard.call(io -> new long[] {io.pressure().ordinal(), io.pools().tier(0).inUse()});
    }

    private CascadeState pressure() throws ZeroIoException {
        return shard.call(Io::pressure);
    }

    /** The state is computed once per duty cycle: each call() is a cycle; wait (bounded) for it. */
    private void awaitPressure(CascadeState expected) {
        awaitTrue("cascade state " + expected, () -> {
            try {
                return shard.call(Io::pressure) == expected;
            } catch (ZeroIoException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.runtime.pool.PoolTier;

/**
 * The Event flyweight ring, driven on the test thread through {@link Io} itself: every event of a
 * poll stays valid while later ones are handed out, and none is re-pointed during the next poll,
 * however many events that poll hands out, so a kept reference throws instead of reading them.
 */
@Timeout(30)
class EventRingTest {
    private static final long TEN_MS = 10_000_000L;

    /** Polls until events are queued (timers due now fire in the first cycles). */
    private static int pollUntilEvents(Io io) {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        int n;
        while ((n = io.poll(TEN_MS)) == 0) {
            assertTrue(System.nanoTime() - deadline < 0, "no event within 5 s");
        }
        return n;
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void eventsOfOnePollStayValidAndAllExpireAtTheNext(BackendKind kind) throws Exception {
        try (Io io = Io.open(Backends4Test.config(kind))) {
            final long t1 = io.scheduleTimer(io.nanoTime());
            final long t2 = io.scheduleTimer(io.nanoTime());
            assertEquals(2, pollUntilEvents(io), "both due timers fire in one poll");
            final Event a = io.nextEvent();
            final Event b = io.nextEvent();
            assertNull(io.nextEvent());
            assertNotSame(a, b, "each event of a poll has its own flyweight");
            assertEquals(EventType.TIMER, a.type(), "the first event is still readable after the second was handed out");
            assertEquals(Set.of(t1, t2), new HashSet<>(java.util.List.of(a.timerId(), b.timerId())));
            final DirectBuffer keptView = a.data();

            io.poll(0);
            final IllegalStateException e = assertThrows(IllegalStateException.class, a::type);
            assertTrue(e.getMessage().contains("used after the next poll()"), e.getMessage());
            assertThrows(IllegalStateException.class, b::timerId);
            assertThrows(IllegalStateException.class, a::data);
            assertEquals(0, keptView.capacity(), "a kept data() view is emptied at the next poll");
            assertTrue(io.poolStats().atFullCapacity(), "no slot held: " + io.poolStats());
        }
    }

    /**
     * A reference kept from poll N still throws while poll N + 1 hands out a full poll's worth of
     * events ({@code maxEventsPerPoll} timers: the timer wheel fires no more than the reap limit per
     * poll), and none of them is the kept flyweight.
     */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void aFullLaterPollDoesNotRepointAKeptEvent(BackendKind kind) throws Exception {
        final int perPoll = 8;
        final Config config = Config.builder().name("ring-" + kind).backend(kind).maxEventsPerPoll(perPoll)
            .pools(new PoolTier(2048, 64)).rxBufferCount(16).maxConnections(4).build();
        try (Io io = Io.open(config)) {
            io.scheduleTimer(io.nanoTime());
            pollUntilEvents(io);
            final Event kept = io.nextEvent();
            assertEquals(EventType.TIMER, kept.type());
            for (int t = 0; t < 4 * perPoll; t++) {
                io.scheduleTimer(io.nanoTime());
            }
            assertEquals(perPoll, pollUntilEvents(io), "the later poll is full");
            int handed = 0;
            for (Event ev; (ev = io.nextEvent()) != null; handed++) {
                assertNotSame(kept, ev, "the kept flyweight was handed out again in the next poll");
                assertEquals(EventType.TIMER, ev.type());
                final IllegalStateException e = assertThrows(IllegalStateException.class, kept::type,
                    "the event of the previous poll throws while this poll's events are handed out");
                assertTrue(e.getMessage().contains("after the next poll()"), e.getMessage());
            }
            assertEquals(perPoll, handed);
            assertTrue(io.poolStats().atFullCapacity(), "no slot held: " + io.poolStats());
        }
    }
}

package io.zeroio.runtime.shard;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.pool.StressPools;

/**
 * jcstress tests of the shard's command ring as {@link IoHandle} uses it: an Agrona
 * {@link ManyToOneRingBuffer}, producers {@code tryClaim} a 24-byte record, write
 * {@code conn, handle, value, offset} and {@code commit}; the shard reads with {@code read(handler)}
 * as {@code Io}'s command reader does. Two producers (the real {@link IoHandle} methods) and a
 * consumer run at once: every record must be read exactly once, with every field intact. On two
 * CPUs jcstress can only schedule two actors, so the consumer shares producer B's thread;
 * {@link SendsThreeThreads} gives it a thread of its own where a third CPU exists.
 *
 * <p>The ring is smaller than {@code IoHandle.newCommandRing}'s (same class, same record layout) so
 * that one exists per sample; the wake word is shared (nobody sleeps on it, so the backend is never
 * called).
 */
public final class CommandRingStress {
    private CommandRingStress() {
    }

    private static final WakeWord SHARED_WAKE = new WakeWord();
    private static final long CONN_A = 0x0000_0007_0000_0003L;
    private static final long CONN_B = 0x0000_0009_0000_0005L;
    private static final int GRACE_MILLIS = 12_345;

    static ManyToOneRingBuffer smallRing() {
        return new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(1024 + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Reads records and checks each against what one of the two producers wrote. */
    abstract static class Consumer implements MessageHandler {
        final ManyToOneRingBuffer ring = smallRing();
        final IoHandle handle;
        int seenA;
        int seenB;
        int corrupt;

        Consumer() {
            handle = new IoHandle(null, ring, SHARED_WAKE, null, null);
        }

        abstract boolean isA(int type, long conn, long h, int value, int offset);

        abstract boolean isB(int type, long conn, long h, int value, int offset);

        @Override
        public void onMessage(int type, MutableDirectBuffer buffer, int index, int length) {
            final long conn = buffer.getLong(index);
            final long h = buffer.getLong(index + 8);
            final int value = buffer.getInt(index + 16);
            final int offset = buffer.getInt(index + 20);
            if (length != Io.COMMAND_LENGTH) {
                corrupt++;
            } else if (isA(type, conn, h, value, offset)) {
                seenA++;
            } else if (isB(type, conn, h, value, offset)) {
                seenB++;
            } else {
                corrupt++;
            }
        }

        /** r1: records read by the consumer actor; r2: 1 when both were read exactly once, intact. */
        void finish(III_Result r) {
            while (ring.read(this) > 0) {
                // the arbiter drains what the consumer actor did not get to
            }
            r.r2 = seenA == 1 && seenB == 1 && corrupt == 0 ? 1 : 0;
        }
    }

    /** Two send commands carrying slot handles, and the references the shard must end up owning. */
    abstract static class SendFixture extends Consumer {
        final SlotPool pool = StressPools.take(2);
        final SendBuffer buffer;
        final long bufferHandle;
        final OwnedSlot owned;
        final long ownedHandle;

        SendFixture() {
            buffer = pool.acquireSendBuffer();
            buffer.length(33);
            bufferHandle = buffer.handle();
            owned = new OwnedSlot(pool, pool.acquire(), 5, 7);
            ownedHandle = owned.handle();
        }

        @Override
        boolean isA(int type, long conn, long h, int value, int offset) {
            return type == Io.cmdSend(false) && conn == CONN_A && h == bufferHandle && value == 33 && offset == 0;
        }

        @Override
        boolean isB(int type, long conn, long h, int value, int offset) {
            return type == Io.cmdSend(false) && conn == CONN_B && h == ownedHandle && value == 7 && offset == 5;
        }

        void sendA() {
            handle.send(CONN_A, buffer);
        }

        void sendB() {
            handle.send(CONN_B, owned);
        }

        /** r3: the shard owns exactly one reference per command; releasing them empties the pool. */
        void checkReferences(III_Result r) {
            final boolean refs = !buffer.isOpen() && owned.isReleased()
                && pool.refCount(bufferHandle) == 1 && pool.refCount(ownedHandle) == 1;
            if (refs) {
                pool.release(bufferHandle);
                pool.release(ownedHandle);
            }
            r.r3 = refs && StressPools.verifyAndGiveBack(pool) ? 1 : 0;
        }
    }

    /**
     * Send commands: producer A {@link IoHandle#send(long, SendBuffer)} (conn, handle, length 33,
     * offset 0) races producer B {@link IoHandle#send(long, OwnedSlot)} (conn, handle, length 7,
     * offset 5); B's thread then reads the ring as the shard would (the shard sending to itself, so
     * the consumer runs concurrently with A's claim/commit on 2 CPUs).
     * r1: records the reading actor got (0 when A claimed first and has not committed: the ring is
     * read in claim order); r2: 1 when, with the arbiter's drain,
     * each record was read exactly once with all fields intact; r3: slot references exact.
     */
    @JCStressTest
    @Description("IoHandle command ring: two producers' send records are each read once, every field intact")
    @Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "the consumer read both records")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "A's record came after the consumer looked; the drain got it")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "A had claimed before B but not committed yet: records are read in claim order, so A's pending claim holds back B")
    @Outcome(expect = FORBIDDEN, desc = "a record was lost, read twice or torn, or a slot reference is wrong")
    @State
    public static class Sends extends SendFixture {
        @Actor
        public void producerA() {
            sendA();
        }

        @Actor
        public void producerBThenConsumer(III_Result r) {
            sendB();
            r.r1 = ring.read(this) + ring.read(this);
        }

        @Arbiter
        public void check(III_Result r) {
            finish(r);
            checkReferences(r);
        }
    }

    /**
     * As {@link Sends} with the consumer on a third thread (two producers, one consumer). jcstress
     * runs it only where three CPUs can be given to the actors; {@code JcstressGateTest} requires it
     * there.
     */
    @JCStressTest
    @Description("IoHandle command ring, 3 threads: two producers' send records are each read once, every field intact")
    @Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "the consumer read both records")
    @Outcome(id = "[01], 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "the consumer ran early; the drain got the rest")
    @Outcome(expect = FORBIDDEN, desc = "a record was lost, read twice or torn, or a slot reference is wrong")
    @State
    public static class SendsThreeThreads extends SendFixture {
        @Actor
        public void producerA() {
            sendA();
        }

        @Actor
        public void producerB() {
            sendB();
        }

        @Actor
        public void consumer(III_Result r) {
            r.r1 = ring.read(this) + ring.read(this);
        }

        @Arbiter
        public void check(III_Result r) {
            finish(r);
            checkReferences(r);
        }
    }

    /**
     * Control commands: producer A {@link IoHandle#closeGraceful} (conn, value = timeout millis) races
     * producer B {@link IoHandle#close} (conn, value 0), whose thread then reads; handle and offset
     * fields are 0 in both. r1, r2 as in {@link Sends}; r3 always 1.
     */
    @JCStressTest
    @Description("IoHandle command ring: two producers' close records are each read once, every field intact")
    @Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "the consumer read both records")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "A's record came after the consumer looked; the drain got it")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "A had claimed before B but not committed yet: records are read in claim order, so A's pending claim holds back B")
    @Outcome(expect = FORBIDDEN, desc = "a record was lost, read twice or torn")
    @State
    public static class Closes extends Consumer {
        @Override
        boolean isA(int type, long conn, long h, int value, int offset) {
            return type == Io.cmdClose(true) && conn == CONN_A && h == 0 && value == GRACE_MILLIS && offset == 0;
        }

        @Override
        boolean isB(int type, long conn, long h, int value, int offset) {
            return type == Io.cmdClose(false) && conn == CONN_B && h == 0 && value == 0 && offset == 0;
        }

        @Actor
        public void producerA() {
            handle.closeGraceful(CONN_A, Duration.ofMillis(GRACE_MILLIS));
        }

        @Actor
        public void producerBThenConsumer(III_Result r) {
            handle.close(CONN_B);
            r.r1 = ring.read(this) + ring.read(this);
        }

        @Arbiter
        public void check(III_Result r) {
            finish(r);
            r.r3 = 1;
        }
    }
}

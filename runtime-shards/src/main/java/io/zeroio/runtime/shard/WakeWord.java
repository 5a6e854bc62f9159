package io.zeroio.runtime.shard;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The seed's three-state coalesced wake protocol, on a 32-bit word in native memory so the kernel
 * can {@code FUTEX_WAIT} on it from an io_uring SQE.
 *
 * <pre>
 * RUNNING  --shard: trySleep()-->  SLEEPING  --waker: notifyShard()-->  NOTIFIED
 *    ^                                                                     |
 *    +----------------------------- shard: awake() -----------------------+
 * </pre>
 *
 * A waker makes a syscall only when it moves the word from SLEEPING to NOTIFIED, so a burst of
 * cross-thread sends to a busy shard costs one atomic exchange each and no syscall. The word is a
 * shared (not private) futex: DESIGN.md §4 records lost wake-ups with private futex waits armed
 * before the process's threads exist.
 */
public final class WakeWord implements AutoCloseable {
    /** The shard is working; wakers only flag. */
    public static final int RUNNING = 0;
    /** The shard is (about to be) blocked in the kernel on this word. */
    public static final int SLEEPING = 1;
    /** Someone woke the shard; it will look at its command ring before sleeping again. */
    public static final int NOTIFIED = 2;

    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment word = arena.allocate(ValueLayout.JAVA_INT);

    /** Native address of the word (for FUTEX_WAIT). */
    public long address() {
        return word.address();
    }

    /**
     * Shard: announces it will block. Fails (returns false) when a notification is pending, in
     * which case the shard must not block. The CAS is a full fence: commands enqueued before a
     * waker's exchange are visible after a failed CAS.
     */
    public boolean trySleep() {
        return WORD.compareAndSet(word, 0L, RUNNING, SLEEPING);
    }

    /** Shard: back at work; consumes any notification and says whether there was one. */
    public boolean awake() {
        return (int) WORD.getAndSet(word, 0L, RUNNING) == NOTIFIED;
    }

    /**
     * Waker: flags the shard. Returns true when the shard was sleeping, i.e. when the caller must
     * also wake it in the kernel.
     */
    public boolean notifyShard() {
        final int previous = (int) WORD.getAndSet(word, 0L, NOTIFIED);
        return previous == SLEEPING;
    }

    /** Current state (for tests and diagnostics). */
    public int state() {
        return (int) WORD.getVolatile(word, 0L);
    }

    @Override
    public void close() {
        arena.close();
    }
}

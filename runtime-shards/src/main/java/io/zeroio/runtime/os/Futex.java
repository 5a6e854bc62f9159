package io.zeroio.runtime.os;

import java.lang.foreign.ValueLayout;

/**
 * futex(2) through the raw syscall (glibc has no wrapper).
 *
 * <p>Use <em>shared</em> futexes (no {@link #FUTEX_PRIVATE_FLAG}) when the other side is an io_uring
 * FUTEX_WAIT/FUTEX_WAKE SQE: on Linux 6.16+ a private futex wait armed before the process's first extra
 * thread exists can miss its wake-up, because creating that thread replaces the private futex hash
 * (design notes §4). A JVM always has threads, but shared futexes avoid the question.
 */
public final class Futex {
    /** Wait while the word equals the expected value. */
    public static final int FUTEX_WAIT = 0;
    /** Wake up to n waiters. */
    public static final int FUTEX_WAKE = 1;
    /** Wait with a bitset. */
    public static final int FUTEX_WAIT_BITSET = 9;
    /** Wake with a bitset. */
    public static final int FUTEX_WAKE_BITSET = 10;
    /** Process-private futex (faster hash; see the class note before using it with io_uring). */
    public static final int FUTEX_PRIVATE_FLAG = 128;
    /** Bitset matching every waiter. */
    public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;

    private Futex() {
    }

    /**
     * FUTEX_WAKE: wakes up to {@code count} waiters on the 32-bit word at {@code address}. Hot path:
     * allocation-free.
     *
     * @param cs          the calling thread's call state
     * @param address     the futex word's address (4-byte aligned)
     * @param count       waiters to wake at most
     * @param privateFutex whether to use FUTEX_PRIVATE_FLAG (must match the waiters)
     * @return the number of waiters woken
     * @throws NativeIoException on failure
     */
    public static int wake(CallState cs, long address, int count, boolean privateFutex) throws NativeIoException {
        int op = privateFutex ? FUTEX_WAKE | FUTEX_PRIVATE_FLAG : FUTEX_WAKE;
        long rc = Syscall.invoke(cs, Syscall.SYS_FUTEX, address, op, count, 0, 0, 0);
        if (rc < 0) {
            throw new NativeIoException("futex(FUTEX_WAKE)", cs.errno());
        }
        return (int) rc;
    }

    /**
     * FUTEX_WAIT: sleeps while the word at {@code address} equals {@code expected}, at most
     * {@code timeoutNanos} (relative). Uses the scratch area of {@code cs} for the timeout.
     *
     * @param cs           the calling thread's call state
     * @param address      the futex word's address
     * @param expected     the value the word must hold to sleep
     * @param timeoutNanos relative timeout, or a negative value to wait without timeout
     * @param privateFutex whether to use FUTEX_PRIVATE_FLAG
     * @return 0 when woken, {@link Errno#EAGAIN} when the word did not hold {@code expected},
     *         {@link Errno#ETIMEDOUT} on timeout, {@link Errno#EINTR} on a signal
     * @throws NativeIoException on other failures
     */
    public static int wait(CallState cs, long address, int expected, long timeoutNanos, boolean privateFutex)
            throws NativeIoException {
        long ts = 0;
        if (timeoutNanos >= 0) {
            cs.scratch.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            cs.scratch.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            ts = cs.scratch.address();
        }
        int op = privateFutex ? FUTEX_WAIT | FUTEX_PRIVATE_FLAG : FUTEX_WAIT;
        long rc = Syscall.invoke(cs, Syscall.SYS_FUTEX, address, op, expected & 0xFFFFFFFFL, ts, 0, 0);
        if (rc == 0) {
            return 0;
        }
        int e = cs.errno();
        if (e == Errno.EAGAIN || e == Errno.ETIMEDOUT || e == Errno.EINTR) {
            return e;
        }
        throw new NativeIoException("futex(FUTEX_WAIT)", e);
    }
}

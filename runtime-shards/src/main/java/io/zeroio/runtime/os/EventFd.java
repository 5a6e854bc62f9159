package io.zeroio.runtime.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * eventfd(2): a 64-bit counter a thread writes to wake a shard blocked in io_uring_enter (the shard
 * keeps a read SQE armed on it).
 */
public final class EventFd {
    /** Semaphore semantics for read. */
    public static final int EFD_SEMAPHORE = 1;
    /** Close on exec. */
    public static final int EFD_CLOEXEC = 0x80000;
    /** Non-blocking. */
    public static final int EFD_NONBLOCK = 0x800;

    private static final MethodHandle EVENTFD = Libc.errnoCall("eventfd",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private EventFd() {
    }

    /**
     * eventfd(2).
     *
     * @param initialValue the counter's initial value
     * @param flags        {@code EFD_*}
     * @return the new descriptor
     * @throws NativeIoException on failure
     */
    public static int create(int initialValue, int flags) throws NativeIoException {
        CallState cs = CallState.current();
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(cs.capture, initialValue, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (fd < 0) {
            throw new NativeIoException("eventfd", cs.errno());
        }
        return fd;
    }

    /**
     * Adds {@code value} to the counter (an 8-byte write(2)), waking readers. Hot path: allocation-free;
     * uses the scratch area of {@code cs}.
     *
     * @param cs    the calling thread's call state
     * @param fd    the eventfd
     * @param value the amount to add (must be positive)
     * @return {@code false} when a non-blocking eventfd's counter would overflow (EAGAIN), which for a
     *         wake-up counter means a wake-up is already pending
     * @throws NativeIoException on other failures
     */
    public static boolean write(CallState cs, int fd, long value) throws NativeIoException {
        cs.scratch.set(ValueLayout.JAVA_LONG, 0, value);
        return FileDescriptors.write(cs, fd, cs.scratch.address(), 8) == 8;
    }

    /**
     * Reads and resets the counter (an 8-byte read(2)). Allocation-free.
     *
     * @param cs the calling thread's call state
     * @param fd the eventfd
     * @return the counter value, or -1 when a non-blocking eventfd is zero (EAGAIN)
     * @throws NativeIoException on other failures
     */
    public static long read(CallState cs, int fd) throws NativeIoException {
        long n = FileDescriptors.read(cs, fd, cs.scratch.address(), 8);
        return n == 8 ? cs.scratch.get(ValueLayout.JAVA_LONG, 0) : -1;
    }
}

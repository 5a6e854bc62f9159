package io.zeroio.runtime.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** mmap(2), munmap(2), madvise(2) with raw addresses; constants in {@link MemoryConstants}. */
public final class Memory {
    /** mmap's error return, {@code (void *) -1}. */
    public static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP = Libc.errnoCall("mmap", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle MUNMAP = Libc.errnoCall("munmap",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle MADVISE = Libc.errnoCall("madvise",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle GETPAGESIZE = Libc.plainCall("getpagesize",
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final int PAGE_SIZE = queryPageSize();

    private Memory() {
    }

    private static int queryPageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * The system page size (getpagesize(2)).
     *
     * @return bytes per page
     */
    public static int pageSize() {
        return PAGE_SIZE;
    }

    /**
     * Rounds up to a whole number of pages.
     *
     * @param bytes a size
     * @return the size rounded up to {@link #pageSize()}
     */
    public static long roundToPage(long bytes) {
        long p = PAGE_SIZE;
        return (bytes + p - 1) & -p;
    }

    /**
     * mmap(2).
     *
     * @param address hint or fixed address (0 lets the kernel choose)
     * @param length  bytes to map
     * @param prot    {@code PROT_*}
     * @param flags   {@code MAP_*}
     * @param fd      file descriptor, or -1 for anonymous memory
     * @param offset  offset in the file (io_uring uses magic offsets such as IORING_OFF_SQ_RING)
     * @return the mapped address
     * @throws NativeIoException on failure (ENOMEM carries the RLIMIT_MEMLOCK hint)
     */
    public static long mmap(long address, long length, int prot, int flags, int fd, long offset)
            throws NativeIoException {
        CallState cs = CallState.current();
        long a;
        try {
            a = (long) MMAP.invokeExact(cs.capture, address, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (a == MAP_FAILED) {
            throw new NativeIoException("mmap", cs.errno(), length + " bytes");
        }
        return a;
    }

    /**
     * Maps {@code length} bytes of zeroed, private, anonymous read-write memory.
     *
     * @param length bytes (rounded up to pages by the kernel)
     * @return the address
     * @throws NativeIoException on failure
     */
    public static long mapAnonymous(long length) throws NativeIoException {
        return mmap(0, length, MemoryConstants.PROT_READ | MemoryConstants.PROT_WRITE,
                MemoryConstants.MAP_PRIVATE | MemoryConstants.MAP_ANONYMOUS, -1, 0);
    }

    /**
     * munmap(2).
     *
     * @param address start of the mapping
     * @param length  its length
     * @throws NativeIoException on failure
     */
    public static void munmap(long address, long length) throws NativeIoException {
        CallState cs = CallState.current();
        int rc;
        try {
            rc = (int) MUNMAP.invokeExact(cs.capture, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("munmap", cs.errno());
        }
    }

    /**
     * munmap(2) for clean-up paths: failures are ignored.
     *
     * @param address start of the mapping
     * @param length  its length
     */
    public static void munmapQuietly(long address, long length) {
        try {
            munmap(address, length);
        } catch (NativeIoException ignored) {
            // clean-up path
        }
    }

    /**
     * madvise(2).
     *
     * @param address page-aligned start
     * @param length  length
     * @param advice  {@code MADV_*}
     * @throws NativeIoException on failure
     */
    public static void madvise(long address, long length, int advice) throws NativeIoException {
        CallState cs = CallState.current();
        int rc;
        try {
            rc = (int) MADVISE.invokeExact(cs.capture, address, length, advice);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("madvise", cs.errno());
        }
    }
}

package io.zeroio.runtime.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** close(2), read(2), write(2) on raw file descriptors. */
public final class FileDescriptors {
    private static final MethodHandle CLOSE = Libc.errnoCall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    // Buffers are passed as raw addresses: a pointer and a long are the same INTEGER class in the
    // SysV/AAPCS64 ABIs, and a long needs no MemorySegment on the hot path.
    private static final MethodHandle READ = Libc.errnoCall("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = Libc.errnoCall("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));

    private FileDescriptors() {
    }

    /**
     * close(2). Hot path: allocation-free. The descriptor is released even when close reports an
     * error (close(2): "the file descriptor is released early in close()"), so never retry.
     *
     * @param cs the calling thread's call state
     * @param fd the descriptor
     * @throws NativeIoException on failure (EBADF, EIO)
     */
    public static void close(CallState cs, int fd) throws NativeIoException {
        int rc;
        try {
            rc = (int) CLOSE.invokeExact(cs.capture, fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            int e = cs.errno();
            if (e != Errno.EINTR) { // EINTR: descriptor already released on Linux
                throw new NativeIoException("close", e);
            }
        }
    }

    /**
     * close(2) on the calling thread's state, ignoring failures: for clean-up paths that are already
     * handling another error.
     *
     * @param fd the descriptor; negative values are ignored
     */
    public static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            close(CallState.current(), fd);
        } catch (NativeIoException ignored) {
            // clean-up path: the descriptor is gone either way
        }
    }

    /**
     * read(2) into native memory. Allocation-free.
     *
     * @param cs      the calling thread's call state
     * @param fd      the descriptor
     * @param address destination address
     * @param length  bytes to read at most
     * @return bytes read, 0 at end of file, or -1 when a non-blocking descriptor has nothing (EAGAIN)
     * @throws NativeIoException on other failures
     */
    public static long read(CallState cs, int fd, long address, long length) throws NativeIoException {
        long n;
        try {
            n = (long) READ.invokeExact(cs.capture, fd, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (n < 0) {
            int e = cs.errno();
            if (e == Errno.EAGAIN) {
                return -1;
            }
            throw new NativeIoException("read", e);
        }
        return n;
    }

    /**
     * write(2) from native memory. Allocation-free.
     *
     * @param cs      the calling thread's call state
     * @param fd      the descriptor
     * @param address source address
     * @param length  bytes to write
     * @return bytes written, or -1 when a non-blocking descriptor is full (EAGAIN)
     * @throws NativeIoException on other failures
     */
    public static long write(CallState cs, int fd, long address, long length) throws NativeIoException {
        long n;
        try {
            n = (long) WRITE.invokeExact(cs.capture, fd, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (n < 0) {
            int e = cs.errno();
            if (e == Errno.EAGAIN) {
                return -1;
            }
            throw new NativeIoException("write", e);
        }
        return n;
    }

    /**
     * read(2) into a native segment (cold-path convenience).
     *
     * @param fd  the descriptor
     * @param dst a native segment; up to its size is read
     * @return bytes read, 0 at end of file, -1 on EAGAIN
     * @throws NativeIoException on failure
     */
    public static long read(int fd, MemorySegment dst) throws NativeIoException {
        return read(CallState.current(), fd, dst.address(), dst.byteSize());
    }

    /**
     * write(2) from a native segment (cold-path convenience).
     *
     * @param fd  the descriptor
     * @param src a native segment; all of it is offered
     * @return bytes written, -1 on EAGAIN
     * @throws NativeIoException on failure
     */
    public static long write(int fd, MemorySegment src) throws NativeIoException {
        return write(CallState.current(), fd, src.address(), src.byteSize());
    }
}

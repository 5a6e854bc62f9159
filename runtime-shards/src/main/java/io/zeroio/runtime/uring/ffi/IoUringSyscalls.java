package io.zeroio.runtime.uring.ffi;

import io.zeroio.runtime.os.CallState;
import io.zeroio.runtime.os.Syscall;

import java.lang.foreign.MemorySegment;

/**
 * io_uring_setup(2), io_uring_enter(2) and io_uring_register(2) as raw system calls (no liburing).
 * Each returns the kernel's result, or {@code -errno} on failure — liburing's {@code __sys_io_uring_*}
 * convention — so the caller decides whether a failure is an exception (setup) or a normal outcome
 * (ETIME, EINTR while waiting). All three are allocation-free.
 */
public final class IoUringSyscalls {
    private IoUringSyscalls() {
    }

    /**
     * io_uring_setup(2).
     *
     * @param cs      call state receiving errno
     * @param entries requested SQ entries (rounded up to a power of two by the kernel)
     * @param params  a zeroed {@code io_uring_params} with flags (and cq_entries, sq_thread_*) set;
     *                the kernel fills in the rest
     * @return the ring fd, or -errno
     */
    public static int setup(CallState cs, int entries, MemorySegment params) {
        long rc = Syscall.invoke(cs, Syscall.SYS_IO_URING_SETUP, entries & 0xFFFFFFFFL, params.address(), 0, 0, 0, 0);
        return rc < 0 ? -cs.errno() : (int) rc;
    }

    /**
     * io_uring_enter(2): submits {@code toSubmit} SQEs and, with IORING_ENTER_GETEVENTS, waits for
     * {@code minComplete} CQEs, in one system call.
     *
     * @param cs          call state receiving errno
     * @param ringFd      the ring fd
     * @param toSubmit    SQEs to consume from the SQ ring
     * @param minComplete completions to wait for (with GETEVENTS)
     * @param flags       IORING_ENTER_*
     * @param arg         address of the extra argument (io_uring_getevents_arg with EXT_ARG, else a
     *                    sigset or 0)
     * @param argSize     its size in bytes
     * @return SQEs consumed, or -errno
     */
    public static int enter(CallState cs, int ringFd, int toSubmit, int minComplete, int flags, long arg, long argSize) {
        long rc = Syscall.invoke(cs, Syscall.SYS_IO_URING_ENTER, ringFd, toSubmit & 0xFFFFFFFFL,
                minComplete & 0xFFFFFFFFL, flags & 0xFFFFFFFFL, arg, argSize);
        return rc < 0 ? -cs.errno() : (int) rc;
    }

    /**
     * io_uring_register(2).
     *
     * @param cs     call state receiving errno
     * @param ringFd the ring fd
     * @param opcode IORING_REGISTER_* / IORING_UNREGISTER_*
     * @param arg    address of the opcode's argument (0 if none)
     * @param nrArgs the opcode's count argument
     * @return the opcode's result (usually 0), or -errno
     */
    public static int register(CallState cs, int ringFd, int opcode, long arg, int nrArgs) {
        long rc = Syscall.invoke(cs, Syscall.SYS_IO_URING_REGISTER, ringFd, opcode & 0xFFFFFFFFL, arg,
                nrArgs & 0xFFFFFFFFL, 0, 0);
        return rc < 0 ? -cs.errno() : (int) rc;
    }
}

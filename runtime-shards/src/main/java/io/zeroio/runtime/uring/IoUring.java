package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.CallState;
import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.Memory;
import io.zeroio.runtime.os.MemoryConstants;
import io.zeroio.runtime.os.MsgHdr;
import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.uring.ffi.IoUringBufReg;
import io.zeroio.runtime.uring.ffi.IoUringCqe;
import io.zeroio.runtime.uring.ffi.IoUringGeteventsArg;
import io.zeroio.runtime.uring.ffi.IoUringParams;
import io.zeroio.runtime.uring.ffi.IoUringProbe;
import io.zeroio.runtime.uring.ffi.IoUringRsrcRegister;
import io.zeroio.runtime.uring.ffi.IoUringSqe;
import io.zeroio.runtime.uring.ffi.IoUringSyscalls;
import io.zeroio.runtime.uring.ffi.KernelTimespec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static io.zeroio.runtime.uring.ffi.IoUringConstants.*;

/**
 * One io_uring instance: the SQ and CQ rings and the SQE array mapped into this process, with liburing's
 * helpers re-written over them (io_uring(7), io_uring_setup(2), io_uring_enter(2),
 * io_uring_register(2)).
 *
 * <p><b>Threading.</b> A ring is owned by one thread — the shard that created it or was handed it
 * before it started — and every method must be called from that thread. Nothing is synchronised and
 * nothing checks the thread on the hot path. (With IORING_SETUP_SINGLE_ISSUER the kernel itself rejects
 * a second submitter with EEXIST.)
 *
 * <p><b>Hot path.</b> {@link #getSqe()}, the {@code prep*} and {@code set*} methods, {@link #submit()},
 * {@link #submitAndWait(int)}, {@link #submitAndWaitTimeout(int, long)}, {@link #cqReady()},
 * {@link #peekCqe()}, {@link #cqeAddress(int)}, the {@code cqe*} accessors, {@link #cqAdvance(int)} and
 * {@link #forEachCqe(CqeHandler)} allocate nothing and throw only on failure. SQEs and CQEs are named
 * by their native address ({@code long}); an address not inside this ring's arrays fails a bounds check
 * ({@link IndexOutOfBoundsException}) rather than touching foreign memory, and any use after
 * {@link #close()} throws {@link IllegalStateException}.
 *
 * <p><b>IORING_SETUP_DEFER_TASKRUN</b> (with SINGLE_ISSUER, the fastest set-up measured here): the
 * kernel posts completions only while the owner waits in io_uring_enter with GETEVENTS, so reap after
 * {@link #submitAndWait(int)} / {@link #submitAndWaitTimeout(int, long)}; {@link #submit()} alone
 * enters with GETEVENTS only when the kernel flags pending work (IORING_SQ_TASKRUN with TASKRUN_FLAG).
 *
 * <p><b>Memory ordering</b> (io_uring(7) "Submission queue polling" and "Completion queue"; liburing's
 * {@code io_uring_smp_store_release}/{@code io_uring_smp_load_acquire}): the application writes the SQ
 * tail and the CQ head, the kernel writes the SQ head and the CQ tail. Each index is published with a
 * release store and read with an acquire load, so entry contents are visible before the index that
 * covers them; see the comments at each access.
 */
public final class IoUring implements AutoCloseable {
    /** Returned by {@link #getSqe()} when the SQ is full and by {@link #peekCqe()} when the CQ is empty. */
    public static final long NONE = -1L;

    private static final VarHandle U32 = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    /** sigmask_sz io_uring_getevents_arg expects even without a mask: _NSIG / 8 (liburing does the same). */
    private static final int NSIG_BYTES = 8;

    private final int ringFd;
    private final int setupFlags;
    private final int features;
    private final int sqEntries;
    private final int cqEntries;
    private final int sqMask;
    private final int cqMask;
    private final int sqeShift;
    private final int cqeShift;
    private final boolean sqPoll;

    private final Arena arena;
    private final CallState callState;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqesAddress;
    private final long cqRingAddress;
    private final long sqHeadOff;
    private final long sqTailOff;
    private final long sqFlagsOff;
    private final long sqDroppedOff;
    private final long cqHeadOff;
    private final long cqTailOff;
    private final long cqOverflowOff;
    private final long cqesOff;
    /** io_uring_getevents_arg followed by its __kernel_timespec, for submitAndWaitTimeout. */
    private final MemorySegment waitArg;
    private final long waitArgAddress;
    /** Argument area for io_uring_register calls (buf_reg, rsrc_register, files_update). */
    private final MemorySegment registerArg;
    private final List<BufRing> bufRings = new ArrayList<>();

    /** Next SQE to hand out; SQEs in [sqeHead, sqeTail) are prepared but not yet published. */
    private int sqeTail;
    /** SQ tail value last published to the kernel. */
    private int sqeHead;
    /** Our copy of the CQ head: the kernel never writes it. */
    private int cqHead;
    private boolean closed;

    private IoUring(int ringFd, Arena arena, CallState cs, MemorySegment params, int setupFlags,
                    MemorySegment sqRing, MemorySegment cqRing, MemorySegment sqes, int sqeShift, int cqeShift) {
        this.ringFd = ringFd;
        this.arena = arena;
        this.callState = cs;
        this.setupFlags = setupFlags;
        this.features = params.get(ValueLayout.JAVA_INT, IoUringParams.FEATURES);
        this.sqRing = sqRing;
        this.cqRing = cqRing;
        this.sqes = sqes;
        this.sqeShift = sqeShift;
        this.cqeShift = cqeShift;
        this.sqPoll = (setupFlags & IORING_SETUP_SQPOLL) != 0;
        this.sqHeadOff = params.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_HEAD);
        this.sqTailOff = params.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_TAIL);
        this.sqFlagsOff = params.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_FLAGS);
        this.sqDroppedOff = params.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_DROPPED);
        this.cqHeadOff = params.get(ValueLayout.JAVA_INT, IoUringParams.CQ_OFF_HEAD);
        this.cqTailOff = params.get(ValueLayout.JAVA_INT, IoUringParams.CQ_OFF_TAIL);
        this.cqOverflowOff = params.get(ValueLayout.JAVA_INT, IoUringParams.CQ_OFF_OVERFLOW);
        this.cqesOff = params.get(ValueLayout.JAVA_INT, IoUringParams.CQ_OFF_CQES);
        this.sqEntries = sqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_RING_ENTRIES));
        this.cqEntries = cqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, IoUringParams.CQ_OFF_RING_ENTRIES));
        this.sqMask = sqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_RING_MASK));
        this.cqMask = cqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, IoUringParams.CQ_OFF_RING_MASK));
        this.sqesAddress = sqes.address();
        this.cqRingAddress = cqRing.address();
        this.waitArg = arena.allocate(IoUringGeteventsArg.SIZE + KernelTimespec.SIZE, 8);
        this.waitArgAddress = waitArg.address();
        this.registerArg = arena.allocate(64, 8);
        this.sqeTail = (int) U32.getAcquire(sqRing, sqTailOff);
        this.sqeHead = sqeTail;
        this.cqHead = (int) U32.getAcquire(cqRing, cqHeadOff);
        if ((setupFlags & IORING_SETUP_NO_SQARRAY) == 0) {
            // Identity-map the SQ index array once, as liburing does since 2.2: SQE slot i is always
            // array entry i, so publishing needs only the tail.
            long array = params.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_ARRAY);
            for (int i = 0; i < sqEntries; i++) {
                sqRing.set(ValueLayout.JAVA_INT, array + 4L * i, i);
            }
        }
    }

    /**
     * Sets up a ring (io_uring_setup(2)) and maps its SQ ring, CQ ring (one mapping when the kernel has
     * IORING_FEAT_SINGLE_MMAP) and SQE array. On any failure everything mapped so far is unmapped and the
     * ring fd closed before the exception propagates.
     *
     * @param entries   SQ entries (rounded up to a power of two by the kernel)
     * @param flags     IORING_SETUP_* flags
     * @param cqEntries CQ entries; when {@code > 0} IORING_SETUP_CQSIZE is added, else the kernel uses
     *                  {@code 2 × entries}
     * @return the ring, owned by the calling thread unless handed over before use
     * @throws NativeIoException when the kernel refuses (EPERM: io_uring disabled; EINVAL: flags; ENOMEM:
     *                           memlock) — the message carries the fix
     */
    public static IoUring open(int entries, int flags, int cqEntries) throws NativeIoException {
        if (entries < 1) {
            throw new IllegalArgumentException("entries must be positive: " + entries);
        }
        int setupFlags = cqEntries > 0 ? flags | IORING_SETUP_CQSIZE : flags;
        Arena arena = Arena.ofShared();
        int fd = -1;
        boolean ok = false;
        try {
            CallState cs = CallState.allocate(arena);
            MemorySegment p = arena.allocate(IoUringParams.LAYOUT);
            p.set(ValueLayout.JAVA_INT, IoUringParams.FLAGS, setupFlags);
            if (cqEntries > 0) {
                p.set(ValueLayout.JAVA_INT, IoUringParams.CQ_ENTRIES, cqEntries);
            }
            int rc = IoUringSyscalls.setup(cs, entries, p);
            if (rc < 0) {
                String context = rc == -Errno.EINVAL
                        ? "entries=" + entries + ", flags=0x" + Integer.toHexString(setupFlags) : null;
                throw new NativeIoException("io_uring_setup", -rc, context);
            }
            fd = rc;
            int sqN = p.get(ValueLayout.JAVA_INT, IoUringParams.SQ_ENTRIES);
            int cqN = p.get(ValueLayout.JAVA_INT, IoUringParams.CQ_ENTRIES);
            int feats = p.get(ValueLayout.JAVA_INT, IoUringParams.FEATURES);
            int sqeShift = (setupFlags & IORING_SETUP_SQE128) != 0 ? 7 : 6;
            int cqeShift = (setupFlags & IORING_SETUP_CQE32) != 0 ? 5 : 4;
            // Ring sizes as liburing's io_uring_mmap computes them: the SQ ring ends with the index
            // array, the CQ ring with the CQE array.
            long sqSize = p.get(ValueLayout.JAVA_INT, IoUringParams.SQ_OFF_ARRAY) + 4L * sqN;
            long cqSize = p.get(ValueLayout.JAVA_INT, IoUringParams.CQ_OFF_CQES) + ((long) cqN << cqeShift);
            MemorySegment sqRing;
            MemorySegment cqRing;
            if ((feats & IORING_FEAT_SINGLE_MMAP) != 0) {
                long size = Math.max(sqSize, cqSize);
                sqRing = map(fd, size, IORING_OFF_SQ_RING, arena);
                cqRing = sqRing;
            } else {
                sqRing = map(fd, sqSize, IORING_OFF_SQ_RING, arena);
                cqRing = map(fd, cqSize, IORING_OFF_CQ_RING, arena);
            }
            MemorySegment sqes = map(fd, (long) sqN << sqeShift, IORING_OFF_SQES, arena);
            IoUring ring = new IoUring(fd, arena, cs, p, setupFlags, sqRing, cqRing, sqes, sqeShift, cqeShift);
            ok = true;
            return ring;
        } finally {
            if (!ok) {
                FileDescriptors.closeQuietly(fd);
                arena.close(); // runs the munmap clean-ups of whatever was mapped
            }
        }
    }

    private static MemorySegment map(int fd, long size, long offset, Arena arena) throws NativeIoException {
        // MAP_SHARED: the pages are the kernel's ring; MAP_POPULATE: no page faults on first access
        // (liburing maps the same way).
        long addr = Memory.mmap(0, size, MemoryConstants.PROT_READ | MemoryConstants.PROT_WRITE,
                MemoryConstants.MAP_SHARED | MemoryConstants.MAP_POPULATE, fd, offset);
        return MemorySegment.ofAddress(addr).reinterpret(size, arena, s -> Memory.munmapQuietly(addr, size));
    }

    // ------------------------------------------------------------------------------------------------
    // support probe

    private static final class Support {
        static final String REASON = probe();

        private static String probe() {
            try {
                String disabled = Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
                if (disabled.equals("2")) {
                    return "io_uring is disabled by /proc/sys/kernel/io_uring_disabled=2; set it to 0 "
                            + "(sysctl kernel.io_uring_disabled=0) or use backend = nio";
                }
            } catch (IOException absent) {
                // kernels before 6.6 have no such switch
            }
            try (IoUring ring = open(2, 0, 0)) {
                return ring.fd() >= 0 ? null : "io_uring_setup returned no descriptor";
            } catch (NativeIoException e) {
                return e.getMessage();
            } catch (IllegalCallerException e) {
                return "native access is not enabled; run with --enable-native-access=ALL-UNNAMED "
                        + "(or the module's name) or use backend = nio";
            } catch (LinkageError e) {
                return "cannot bind the C library: " + e;
            }
        }
    }

    /**
     * Whether io_uring can be used by this process: checks /proc/sys/kernel/io_uring_disabled and sets up
     * (and closes) a two-entry ring, once per JVM.
     *
     * @return {@code true} when rings can be created
     */
    public static boolean isSupported() {
        return Support.REASON == null;
    }

    /**
     * Why io_uring cannot be used, with the fix, or {@code null} when {@link #isSupported()}.
     *
     * @return the reason or {@code null}
     */
    public static String unsupportedReason() {
        return Support.REASON;
    }

    // ------------------------------------------------------------------------------------------------
    // geometry

    /**
     * The ring's file descriptor.
     *
     * @return the fd
     */
    public int fd() {
        return ringFd;
    }

    /**
     * IORING_FEAT_* reported by io_uring_setup(2).
     *
     * @return the feature bits
     */
    public int features() {
        return features;
    }

    /**
     * The IORING_SETUP_* flags the ring was created with (including CQSIZE when requested).
     *
     * @return the set-up flags
     */
    public int setupFlags() {
        return setupFlags;
    }

    /**
     * SQ size.
     *
     * @return SQ entries
     */
    public int sqEntries() {
        return sqEntries;
    }

    /**
     * CQ size.
     *
     * @return CQ entries
     */
    public int cqEntries() {
        return cqEntries;
    }

    // ------------------------------------------------------------------------------------------------
    // submission side

    /**
     * Takes the next free SQE (io_uring_get_sqe(3)), zeroed. Allocation-free.
     *
     * @return the SQE's address, or {@link #NONE} when the SQ is full (submit first)
     */
    public long getSqe() {
        // Acquire: the kernel advances the SQ head once it has consumed (copied) the SQEs before it; the
        // slot must not be rewritten before that read is done (liburing reads khead with
        // io_uring_smp_load_acquire under SQPOLL; without SQPOLL it only moves inside io_uring_enter).
        int head = (int) U32.getAcquire(sqRing, sqHeadOff);
        int next = sqeTail + 1;
        if (next - head > sqEntries) {
            return NONE;
        }
        long off = (long) (sqeTail & sqMask) << sqeShift;
        sqeTail = next;
        long end = off + (1L << sqeShift);
        for (long o = off; o < end; o += 8) {
            sqes.set(ValueLayout.JAVA_LONG, o, 0L);
        }
        return sqesAddress + off;
    }

    /**
     * Free SQ slots (io_uring_sq_space_left(3)).
     *
     * @return slots {@link #getSqe()} can still hand out
     */
    public int sqSpaceLeft() {
        return sqEntries - (sqeTail - (int) U32.getAcquire(sqRing, sqHeadOff));
    }

    /**
     * SQEs prepared but not yet published to the kernel.
     *
     * @return unsubmitted SQEs
     */
    public int sqPending() {
        return sqeTail - sqeHead;
    }

    private long sqeOffset(long sqe) {
        return sqe - sqesAddress;
    }

    /** io_uring_prep_rw: the fields every opcode sets; the rest stay as getSqe zeroed them. */
    private void prepRw(long sqe, int op, int fd, long addr, int len, long off) {
        long o = sqeOffset(sqe);
        sqes.set(ValueLayout.JAVA_BYTE, o + IoUringSqe.OPCODE, (byte) op);
        sqes.set(ValueLayout.JAVA_INT, o + IoUringSqe.FD, fd);
        sqes.set(ValueLayout.JAVA_LONG, o + IoUringSqe.OFF, off);
        sqes.set(ValueLayout.JAVA_LONG, o + IoUringSqe.ADDR, addr);
        sqes.set(ValueLayout.JAVA_INT, o + IoUringSqe.LEN, len);
    }

    private void setOpFlags(long sqe, int value) {
        sqes.set(ValueLayout.JAVA_INT, sqeOffset(sqe) + IoUringSqe.OP_FLAGS, value);
    }

    private void orIoprio(long sqe, int bits) {
        long at = sqeOffset(sqe) + IoUringSqe.IOPRIO;
        sqes.set(ValueLayout.JAVA_SHORT, at, (short) (sqes.get(ValueLayout.JAVA_SHORT, at) | bits));
    }

    private void selectBuffer(long sqe, int bufGroup) {
        long o = sqeOffset(sqe);
        sqes.set(ValueLayout.JAVA_BYTE, o + IoUringSqe.FLAGS,
                (byte) (sqes.get(ValueLayout.JAVA_BYTE, o + IoUringSqe.FLAGS) | IOSQE_BUFFER_SELECT));
        sqes.set(ValueLayout.JAVA_SHORT, o + IoUringSqe.BUF_GROUP, (short) bufGroup);
    }

    /**
     * IORING_OP_NOP (io_uring_prep_nop(3)).
     *
     * @param sqe an SQE from {@link #getSqe()}
     */
    public void prepNop(long sqe) {
        prepRw(sqe, IORING_OP_NOP, -1, 0, 0, 0);
    }

    /**
     * IORING_OP_ACCEPT (io_uring_prep_accept(3), io_uring_prep_multishot_accept(3)). A multishot accept
     * posts one CQE per connection (res = the new fd) with IORING_CQE_F_MORE while it stays armed.
     *
     * @param sqe         an SQE
     * @param fd          the listening socket
     * @param addr        address receiving the peer's sockaddr, or 0
     * @param addrLenAddr address of a socklen_t holding its size, or 0
     * @param flags       accept4 flags (SOCK_NONBLOCK, SOCK_CLOEXEC)
     * @param multishot   whether to stay armed (IORING_ACCEPT_MULTISHOT)
     */
    public void prepAccept(long sqe, int fd, long addr, long addrLenAddr, int flags, boolean multishot) {
        prepRw(sqe, IORING_OP_ACCEPT, fd, addr, 0, addrLenAddr);
        setOpFlags(sqe, flags);
        if (multishot) {
            orIoprio(sqe, IORING_ACCEPT_MULTISHOT);
        }
    }

    /**
     * IORING_OP_CONNECT (io_uring_prep_connect(3)); res is 0 or -errno (e.g. -ECONNREFUSED).
     *
     * @param sqe          an SQE
     * @param fd           the socket
     * @param sockaddrAddr address of the destination sockaddr (must stay valid until completion)
     * @param len          its length
     */
    public void prepConnect(long sqe, int fd, long sockaddrAddr, int len) {
        prepRw(sqe, IORING_OP_CONNECT, fd, sockaddrAddr, 0, len);
    }

    /**
     * IORING_OP_RECV into a given buffer (io_uring_prep_recv(3)).
     *
     * @param sqe      an SQE
     * @param fd       the socket
     * @param addr     destination address
     * @param len      its length
     * @param msgFlags recv flags (MSG_*)
     */
    public void prepRecv(long sqe, int fd, long addr, int len, int msgFlags) {
        prepRw(sqe, IORING_OP_RECV, fd, addr, len, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * Multishot IORING_OP_RECV with provided buffers (io_uring_prep_recv_multishot(3)): sets
     * IOSQE_BUFFER_SELECT, {@code buf_group} and IORING_RECV_MULTISHOT. Each arrival posts a CQE with
     * IORING_CQE_F_BUFFER (buffer id in the upper 16 bits of flags) and IORING_CQE_F_MORE while armed;
     * when the group runs out of buffers the CQE is -ENOBUFS without F_MORE and the receive must be
     * re-armed.
     *
     * @param sqe      an SQE
     * @param fd       the socket
     * @param bufGroup the {@link BufRing#bgid()}
     * @param msgFlags recv flags
     */
    public void prepRecvMultishot(long sqe, int fd, int bufGroup, int msgFlags) {
        prepRw(sqe, IORING_OP_RECV, fd, 0, 0, 0);
        setOpFlags(sqe, msgFlags);
        orIoprio(sqe, IORING_RECV_MULTISHOT);
        selectBuffer(sqe, bufGroup);
    }

    /**
     * IORING_OP_RECVMSG (io_uring_prep_recvmsg(3)).
     *
     * @param sqe        an SQE
     * @param fd         the socket
     * @param msghdrAddr address of a msghdr (valid until completion)
     * @param msgFlags   recvmsg flags
     */
    public void prepRecvmsg(long sqe, int fd, long msghdrAddr, int msgFlags) {
        prepRw(sqe, IORING_OP_RECVMSG, fd, msghdrAddr, 1, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * Multishot IORING_OP_RECVMSG with provided buffers (io_uring_prep_recvmsg_multishot(3)). The msghdr
     * is a template: only {@code msg_namelen} and {@code msg_controllen} are used, as the room reserved in
     * each buffer; read the buffers with {@link RecvmsgOut}.
     *
     * @param sqe        an SQE
     * @param fd         the socket
     * @param msghdrAddr address of the template msghdr (valid while armed)
     * @param bufGroup   the buffer group
     * @param msgFlags   recvmsg flags
     */
    public void prepRecvmsgMultishot(long sqe, int fd, long msghdrAddr, int bufGroup, int msgFlags) {
        prepRecvmsg(sqe, fd, msghdrAddr, msgFlags);
        orIoprio(sqe, IORING_RECV_MULTISHOT);
        selectBuffer(sqe, bufGroup);
    }

    /**
     * IORING_OP_SEND (io_uring_prep_send(3)).
     *
     * @param sqe      an SQE
     * @param fd       the socket
     * @param addr     source address
     * @param len      bytes to send
     * @param msgFlags send flags (MSG_NOSIGNAL, MSG_MORE, ...)
     */
    public void prepSend(long sqe, int fd, long addr, int len, int msgFlags) {
        prepRw(sqe, IORING_OP_SEND, fd, addr, len, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * IORING_OP_SEND_ZC (io_uring_prep_send_zc(3)): the first CQE carries the result (with
     * IORING_CQE_F_MORE), a second with IORING_CQE_F_NOTIF says the buffer may be reused.
     *
     * @param sqe      an SQE
     * @param fd       the socket
     * @param addr     source address
     * @param len      bytes
     * @param msgFlags send flags
     * @param zcFlags  IORING_RECVSEND_* / IORING_SEND_ZC_REPORT_USAGE
     */
    public void prepSendZc(long sqe, int fd, long addr, int len, int msgFlags, int zcFlags) {
        prepRw(sqe, IORING_OP_SEND_ZC, fd, addr, len, 0);
        setOpFlags(sqe, msgFlags);
        orIoprio(sqe, zcFlags);
    }

    /**
     * IORING_OP_SENDMSG (io_uring_prep_sendmsg(3)); an unconnected datagram socket names the destination
     * in {@code msg_name}.
     *
     * @param sqe        an SQE
     * @param fd         the socket
     * @param msghdrAddr address of the msghdr (valid until completion)
     * @param msgFlags   send flags
     */
    public void prepSendmsg(long sqe, int fd, long msghdrAddr, int msgFlags) {
        prepRw(sqe, IORING_OP_SENDMSG, fd, msghdrAddr, 1, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * IORING_OP_SENDMSG_ZC (io_uring_prep_sendmsg_zc(3)); completes like {@link #prepSendZc}.
     *
     * @param sqe        an SQE
     * @param fd         the socket
     * @param msghdrAddr address of the msghdr
     * @param msgFlags   send flags
     */
    public void prepSendmsgZc(long sqe, int fd, long msghdrAddr, int msgFlags) {
        prepRw(sqe, IORING_OP_SENDMSG_ZC, fd, msghdrAddr, 1, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * IORING_OP_CLOSE (io_uring_prep_close(3)).
     *
     * @param sqe an SQE
     * @param fd  the descriptor
     */
    public void prepClose(long sqe, int fd) {
        prepRw(sqe, IORING_OP_CLOSE, fd, 0, 0, 0);
    }

    /**
     * IORING_OP_SHUTDOWN (io_uring_prep_shutdown(3)).
     *
     * @param sqe an SQE
     * @param fd  the socket
     * @param how SHUT_RD / SHUT_WR / SHUT_RDWR
     */
    public void prepShutdown(long sqe, int fd, int how) {
        prepRw(sqe, IORING_OP_SHUTDOWN, fd, 0, how, 0);
    }

    /**
     * IORING_OP_TIMEOUT (io_uring_prep_timeout(3)): completes with -ETIME when the time passes, or with 0
     * once {@code count} other completions have happened (0 = pure timer).
     *
     * @param sqe    an SQE
     * @param tsAddr address of a {@code __kernel_timespec} (valid until completion)
     * @param count  completions that end the timeout early, or 0
     * @param flags  IORING_TIMEOUT_*
     */
    public void prepTimeout(long sqe, long tsAddr, int count, int flags) {
        prepRw(sqe, IORING_OP_TIMEOUT, -1, tsAddr, 1, count & 0xFFFF_FFFFL);
        setOpFlags(sqe, flags);
    }

    /**
     * IORING_OP_TIMEOUT_REMOVE (io_uring_prep_timeout_remove(3)).
     *
     * @param sqe      an SQE
     * @param userData the timeout's user_data
     * @param flags    IORING_TIMEOUT_* (0 to remove)
     */
    public void prepTimeoutRemove(long sqe, long userData, int flags) {
        prepRw(sqe, IORING_OP_TIMEOUT_REMOVE, -1, userData, 0, 0);
        setOpFlags(sqe, flags);
    }

    /**
     * IORING_OP_ASYNC_CANCEL by user_data (io_uring_prep_cancel64(3)); the cancelled request completes
     * with -ECANCELED, this one with 0, -ENOENT or -EALREADY.
     *
     * @param sqe      an SQE
     * @param userData the target's user_data
     * @param flags    IORING_ASYNC_CANCEL_* (ALL, ANY)
     */
    public void prepAsyncCancel(long sqe, long userData, int flags) {
        prepRw(sqe, IORING_OP_ASYNC_CANCEL, -1, userData, 0, 0);
        setOpFlags(sqe, flags);
    }

    /**
     * IORING_OP_ASYNC_CANCEL of requests on a descriptor (io_uring_prep_cancel_fd(3)).
     *
     * @param sqe   an SQE
     * @param fd    the descriptor whose requests to cancel
     * @param flags extra IORING_ASYNC_CANCEL_* (ALL to cancel every request on it)
     */
    public void prepCancelFd(long sqe, int fd, int flags) {
        prepRw(sqe, IORING_OP_ASYNC_CANCEL, fd, 0, 0, 0);
        setOpFlags(sqe, flags | IORING_ASYNC_CANCEL_FD);
    }

    /**
     * IORING_OP_READ (io_uring_prep_read(3)); for an eventfd, read 8 bytes at offset 0.
     *
     * @param sqe    an SQE
     * @param fd     the descriptor
     * @param addr   destination address
     * @param len    bytes
     * @param offset file offset, or -1 for the current position
     */
    public void prepRead(long sqe, int fd, long addr, int len, long offset) {
        prepRw(sqe, IORING_OP_READ, fd, addr, len, offset);
    }

    /**
     * IORING_OP_WRITE (io_uring_prep_write(3)).
     *
     * @param sqe    an SQE
     * @param fd     the descriptor
     * @param addr   source address
     * @param len    bytes
     * @param offset file offset, or -1 for the current position
     */
    public void prepWrite(long sqe, int fd, long addr, int len, long offset) {
        prepRw(sqe, IORING_OP_WRITE, fd, addr, len, offset);
    }

    /**
     * IORING_OP_POLL_ADD (io_uring_prep_poll_add(3), io_uring_prep_poll_multishot(3)); res is the
     * ready mask.
     *
     * @param sqe       an SQE
     * @param fd        the descriptor
     * @param mask      POLL* events
     * @param multishot stay armed (IORING_POLL_ADD_MULTI)
     */
    public void prepPollAdd(long sqe, int fd, int mask, boolean multishot) {
        prepRw(sqe, IORING_OP_POLL_ADD, fd, 0, multishot ? IORING_POLL_ADD_MULTI : 0, 0);
        // poll32_events is word-swapped on big-endian hosts (io_uring.h "word-reversed for BE").
        setOpFlags(sqe, BIG_ENDIAN ? Integer.rotateLeft(mask, 16) : mask);
    }

    /**
     * IORING_OP_POLL_REMOVE (io_uring_prep_poll_remove(3)).
     *
     * @param sqe      an SQE
     * @param userData the poll request's user_data
     */
    public void prepPollRemove(long sqe, long userData) {
        prepRw(sqe, IORING_OP_POLL_REMOVE, -1, userData, 0, 0);
    }

    /**
     * IORING_OP_FUTEX_WAIT (io_uring_prep_futex_wait(3), Linux 6.7): completes with 0 when woken,
     * -EAGAIN at once when the word does not hold {@code expected}. Prefer a shared futex (no
     * FUTEX2_PRIVATE) when the waker is another thread: see {@link io.zeroio.runtime.os.Futex}.
     *
     * @param sqe        an SQE
     * @param futexAddr  the futex word's address
     * @param expected   the value to sleep on
     * @param mask       the wait bitset (FUTEX_BITSET_MATCH_ANY)
     * @param futexFlags FUTEX2_SIZE_U32 [| FUTEX2_PRIVATE]
     */
    public void prepFutexWait(long sqe, long futexAddr, long expected, long mask, int futexFlags) {
        // io_uring/futex.c io_futex_prep: fd = futex2 flags, addr = word, addr2 = value, addr3 = mask,
        // sqe->futex_flags must be 0.
        prepRw(sqe, IORING_OP_FUTEX_WAIT, futexFlags, futexAddr, 0, expected);
        sqes.set(ValueLayout.JAVA_LONG, sqeOffset(sqe) + IoUringSqe.ADDR3, mask);
    }

    /**
     * IORING_OP_FUTEX_WAKE (io_uring_prep_futex_wake(3)); res is the number woken.
     *
     * @param sqe        an SQE
     * @param futexAddr  the futex word's address
     * @param count      waiters to wake at most
     * @param mask       the wake bitset (FUTEX_BITSET_MATCH_ANY)
     * @param futexFlags FUTEX2_SIZE_U32 [| FUTEX2_PRIVATE], matching the waiters
     */
    public void prepFutexWake(long sqe, long futexAddr, long count, long mask, int futexFlags) {
        prepRw(sqe, IORING_OP_FUTEX_WAKE, futexFlags, futexAddr, 0, count);
        sqes.set(ValueLayout.JAVA_LONG, sqeOffset(sqe) + IoUringSqe.ADDR3, mask);
    }

    /**
     * Sets the value the CQE will carry back (io_uring_sqe_set_data64(3)); see {@link UserData}.
     *
     * @param sqe      an SQE
     * @param userData the value
     */
    public void setUserData(long sqe, long userData) {
        sqes.set(ValueLayout.JAVA_LONG, sqeOffset(sqe) + IoUringSqe.USER_DATA, userData);
    }

    /**
     * Replaces the SQE's IOSQE_* flags (io_uring_sqe_set_flags(3)). The multishot receive preps set
     * IOSQE_BUFFER_SELECT; add to it with {@link #orFlags} instead.
     *
     * @param sqe   an SQE
     * @param flags IOSQE_* flags
     */
    public void setFlags(long sqe, byte flags) {
        sqes.set(ValueLayout.JAVA_BYTE, sqeOffset(sqe) + IoUringSqe.FLAGS, flags);
    }

    /**
     * Adds IOSQE_* flags to those already set.
     *
     * @param sqe   an SQE
     * @param flags IOSQE_* flags to add
     */
    public void orFlags(long sqe, byte flags) {
        long at = sqeOffset(sqe) + IoUringSqe.FLAGS;
        sqes.set(ValueLayout.JAVA_BYTE, at, (byte) (sqes.get(ValueLayout.JAVA_BYTE, at) | flags));
    }

    /**
     * Sets {@code buf_index} for fixed-buffer operations (READ_FIXED, WRITE_FIXED, SEND_ZC with
     * IORING_RECVSEND_FIXED_BUF).
     *
     * @param sqe      an SQE
     * @param bufIndex the registered buffer's index
     */
    public void setBufIndex(long sqe, int bufIndex) {
        sqes.set(ValueLayout.JAVA_SHORT, sqeOffset(sqe) + IoUringSqe.BUF_GROUP, (short) bufIndex);
    }

    /**
     * Publishes prepared SQEs by moving the kernel-visible SQ tail (liburing's __io_uring_flush_sq).
     *
     * @return SQEs published but not yet consumed by the kernel (the {@code to_submit} for enter)
     */
    private int flushSq() {
        int tail = sqeTail;
        if (sqeHead != tail) {
            sqeHead = tail;
            // Store-release: every SQE field written above must be visible before the kernel can see the
            // new tail (io_uring(7): "the application must ensure the SQE is fully written before the tail
            // update"; liburing: io_uring_smp_store_release(sq->ktail, tail)). On x86 this is a plain store.
            U32.setRelease(sqRing, sqTailOff, tail);
        }
        // Counting from the kernel's head, not from what we just published, resubmits SQEs a previous
        // enter did not consume (EAGAIN/EBUSY), as liburing does.
        return tail - (int) U32.getAcquire(sqRing, sqHeadOff);
    }

    /**
     * Submits prepared SQEs without waiting (io_uring_submit(3)).
     *
     * @return SQEs submitted (0 when the kernel was busy: EAGAIN/EBUSY — reap, then retry)
     * @throws NativeIoException on a failure of io_uring_enter itself
     */
    public int submit() throws NativeIoException {
        return enter(0, 0, 0L, 0L);
    }

    /**
     * Submits prepared SQEs and waits for at least {@code waitNr} completions, in one io_uring_enter call
     * (io_uring_submit_and_wait(3)). Returns at once without a system call when nothing is to be
     * submitted and {@code waitNr} completions are already there.
     *
     * @param waitNr completions to wait for
     * @return SQEs submitted (0 when interrupted by a signal or the kernel was busy)
     * @throws NativeIoException on a failure of io_uring_enter itself
     */
    public int submitAndWait(int waitNr) throws NativeIoException {
        return enter(waitNr, 0, 0L, 0L);
    }

    /**
     * Submits prepared SQEs and waits for at least {@code waitNr} completions or until
     * {@code timeoutNanos} pass, in one io_uring_enter call with IORING_ENTER_EXT_ARG and a preallocated
     * {@code io_uring_getevents_arg} (io_uring_submit_and_wait_timeout(3)); no timeout SQE is used.
     * Requires IORING_FEAT_EXT_ARG (Linux 5.11).
     *
     * @param waitNr       completions to wait for (0 returns without waiting)
     * @param timeoutNanos relative timeout
     * @return SQEs submitted; returns normally on timeout (ETIME) and on a signal (EINTR)
     * @throws NativeIoException on a failure of io_uring_enter itself
     */
    public int submitAndWaitTimeout(int waitNr, long timeoutNanos) throws NativeIoException {
        if ((features & IORING_FEAT_EXT_ARG) == 0) {
            throw new UnsupportedOperationException("kernel lacks IORING_FEAT_EXT_ARG (needs Linux 5.11+)");
        }
        long ts = IoUringGeteventsArg.SIZE;
        waitArg.set(ValueLayout.JAVA_LONG, ts + KernelTimespec.TV_SEC, timeoutNanos / 1_000_000_000L);
        waitArg.set(ValueLayout.JAVA_LONG, ts + KernelTimespec.TV_NSEC, timeoutNanos % 1_000_000_000L);
        waitArg.set(ValueLayout.JAVA_LONG, IoUringGeteventsArg.SIGMASK, 0L);
        waitArg.set(ValueLayout.JAVA_INT, IoUringGeteventsArg.SIGMASK_SZ, NSIG_BYTES);
        waitArg.set(ValueLayout.JAVA_INT, IoUringGeteventsArg.MIN_WAIT_USEC, 0);
        waitArg.set(ValueLayout.JAVA_LONG, IoUringGeteventsArg.TS, waitArgAddress + ts);
        return enter(waitNr, IORING_ENTER_EXT_ARG, waitArgAddress, IoUringGeteventsArg.SIZE);
    }

    private int enter(int waitNr, int extraFlags, long arg, long argSize) throws NativeIoException {
        int toSubmit = flushSq();
        int flags = extraFlags;
        if (sqPoll) {
            // Full fence between the tail store and the flags load (store→load order), as liburing's
            // sq_ring_needs_enter does with io_uring_smp_mb(): otherwise we could miss NEED_WAKEUP set by
            // a poller that went to sleep without seeing our tail.
            VarHandle.fullFence();
        }
        // Acquire: kernel-written flags (IORING_SQ_NEED_WAKEUP / CQ_OVERFLOW / TASKRUN).
        int sqFlags = (int) U32.getAcquire(sqRing, sqFlagsOff);
        // GETEVENTS also when the kernel asks for it: an overflowed CQ must be flushed and deferred task
        // work run (liburing's cq_ring_needs_flush).
        boolean kernelWantsEnter = (sqFlags & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) != 0;
        if (waitNr > 0 && toSubmit == 0 && !kernelWantsEnter && cqReady() >= waitNr) {
            return 0; // what we would wait for is already here
        }
        // Without SQPOLL only the system call submits; with it the poller does, unless it sleeps.
        boolean needEnter = toSubmit > 0 && !sqPoll;
        if (sqPoll && toSubmit > 0 && (sqFlags & IORING_SQ_NEED_WAKEUP) != 0) {
            flags |= IORING_ENTER_SQ_WAKEUP;
            needEnter = true;
        }
        if (waitNr > 0 || kernelWantsEnter) {
            flags |= IORING_ENTER_GETEVENTS;
            needEnter = true;
        }
        if (!needEnter) {
            return toSubmit; // nothing for the kernel, or the SQ poller will pick it up
        }
        int rc = IoUringSyscalls.enter(callState, ringFd, toSubmit, waitNr, flags, arg, argSize);
        if (rc >= 0) {
            return rc;
        }
        switch (-rc) {
            case Errno.ETIME:   // EXT_ARG timeout expired
            case Errno.EINTR:   // a signal interrupted the wait; SQEs, if any, were submitted
            case Errno.EAGAIN:  // transient: the kernel could not allocate for a request
            case Errno.EBUSY:   // CQ overflow backlog: the caller reaps, then submits again
                return 0;
            default:
                throw new NativeIoException("io_uring_enter", -rc);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // completion side

    /**
     * Completions ready to be reaped (io_uring_cq_ready(3)). Allocation-free.
     *
     * @return ready CQEs
     */
    public int cqReady() {
        // Acquire: the kernel fills a CQE and then store-releases the tail (io_uring(7)); loading the tail
        // with acquire makes the CQE contents visible (liburing: io_uring_smp_load_acquire(cq->ktail)).
        return (int) U32.getAcquire(cqRing, cqTailOff) - cqHead;
    }

    /**
     * The first ready CQE without consuming it (io_uring_peek_cqe(3)). Allocation-free.
     *
     * @return the CQE's address, or {@link #NONE} when none is ready
     */
    public long peekCqe() {
        return cqReady() > 0 ? cqeAddressAt(cqHead) : NONE;
    }

    /**
     * The {@code i}-th ready CQE counting from the head. Allocation-free; the caller keeps
     * {@code i < cqReady()}.
     *
     * @param i index from the head
     * @return the CQE's address
     */
    public long cqeAddress(int i) {
        return cqeAddressAt(cqHead + i);
    }

    private long cqeAddressAt(int index) {
        return cqRingAddress + cqesOff + ((long) (index & cqMask) << cqeShift);
    }

    /**
     * A CQE's user_data.
     *
     * @param cqe a CQE address from {@link #peekCqe()} or {@link #cqeAddress(int)}
     * @return user_data
     */
    public long cqeUserData(long cqe) {
        return cqRing.get(ValueLayout.JAVA_LONG, cqe - cqRingAddress + IoUringCqe.USER_DATA);
    }

    /**
     * A CQE's result.
     *
     * @param cqe a CQE address
     * @return res (negative: -errno)
     */
    public int cqeRes(long cqe) {
        return cqRing.get(ValueLayout.JAVA_INT, cqe - cqRingAddress + IoUringCqe.RES);
    }

    /**
     * A CQE's flags.
     *
     * @param cqe a CQE address
     * @return IORING_CQE_F_* and the buffer id
     */
    public int cqeFlags(long cqe) {
        return cqRing.get(ValueLayout.JAVA_INT, cqe - cqRingAddress + IoUringCqe.FLAGS);
    }

    /**
     * Releases {@code n} CQEs to the kernel (io_uring_cq_advance(3)). Allocation-free.
     *
     * @param n CQEs consumed
     */
    public void cqAdvance(int n) {
        cqHead += n;
        // Store-release: our reads of the consumed CQEs must be done before the kernel may overwrite their
        // slots (liburing io_uring_cq_advance: io_uring_smp_store_release(cq->khead, ...)).
        U32.setRelease(cqRing, cqHeadOff, cqHead);
    }

    /**
     * Hands every ready CQE to {@code handler}, then releases them with one head store
     * (io_uring_for_each_cqe(3) + io_uring_cq_advance(3)). Allocation-free. If the handler throws, the
     * CQEs up to and including the failing one are released and the exception propagates.
     *
     * @param handler a long-lived handler
     * @return the number of CQEs handled
     */
    public int forEachCqe(CqeHandler handler) {
        int ready = cqReady();
        int done = 0;
        try {
            while (done < ready) {
                long o = cqesOff + ((long) ((cqHead + done) & cqMask) << cqeShift);
                long userData = cqRing.get(ValueLayout.JAVA_LONG, o + IoUringCqe.USER_DATA);
                int res = cqRing.get(ValueLayout.JAVA_INT, o + IoUringCqe.RES);
                int flags = cqRing.get(ValueLayout.JAVA_INT, o + IoUringCqe.FLAGS);
                done++;
                handler.onCqe(userData, res, flags);
            }
        } finally {
            if (done > 0) {
                cqAdvance(done);
            }
        }
        return done;
    }

    /**
     * Completions the kernel could not post because the CQ was full (the CQ ring's overflow counter;
     * with IORING_FEAT_NODROP they are kept and flushed later).
     *
     * @return the overflow count
     */
    public int cqOverflow() {
        return (int) U32.getAcquire(cqRing, cqOverflowOff);
    }

    /**
     * Invalid SQEs the kernel dropped (the SQ ring's dropped counter).
     *
     * @return the dropped count
     */
    public int sqDropped() {
        return (int) U32.getAcquire(sqRing, sqDroppedOff);
    }

    // ------------------------------------------------------------------------------------------------
    // registration (cold path)

    private void register(String what, int opcode, long arg, int nrArgs) throws NativeIoException {
        int rc = IoUringSyscalls.register(callState, ringFd, opcode, arg, nrArgs);
        if (rc < 0) {
            throw new NativeIoException("io_uring_register(" + what + ")", -rc);
        }
    }

    /**
     * Maps a ring of {@code entries} buffer slots and registers it as buffer group {@code bgid}
     * (IORING_REGISTER_PBUF_RING, io_uring_register_buf_ring(3)). The ring starts empty: add the
     * caller's buffers with {@link BufRing#add} and {@link BufRing#advance}.
     *
     * @param bgid    the buffer group id (0..65535)
     * @param entries ring slots, a power of two up to 32768
     * @return the buffer ring; closed with this ring at the latest
     * @throws NativeIoException on failure (EEXIST: group in use; ENOMEM: memlock)
     */
    public BufRing registerBufRing(int bgid, int entries) throws NativeIoException {
        BufRing br = BufRing.register(this, bgid, entries);
        bufRings.add(br);
        return br;
    }

    void registerPbufRing(int bgid, int entries, long ringAddress) throws NativeIoException {
        registerArg.fill((byte) 0);
        registerArg.set(ValueLayout.JAVA_LONG, IoUringBufReg.RING_ADDR, ringAddress);
        registerArg.set(ValueLayout.JAVA_INT, IoUringBufReg.RING_ENTRIES, entries);
        registerArg.set(ValueLayout.JAVA_SHORT, IoUringBufReg.BGID, (short) bgid);
        int rc = IoUringSyscalls.register(callState, ringFd, IORING_REGISTER_PBUF_RING, registerArg.address(), 1);
        if (rc < 0) {
            throw new NativeIoException("io_uring_register(IORING_REGISTER_PBUF_RING)", -rc, "bgid " + bgid);
        }
    }

    void unregisterPbufRing(BufRing br) {
        bufRings.remove(br);
        if (closed) {
            return; // the ring fd is gone; the kernel dropped the group with it
        }
        registerArg.fill((byte) 0);
        registerArg.set(ValueLayout.JAVA_SHORT, IoUringBufReg.BGID, (short) br.bgid());
        // Failure here leaves nothing to undo: the group disappears with the ring at the latest.
        IoUringSyscalls.register(callState, ringFd, IORING_UNREGISTER_PBUF_RING, registerArg.address(), 1);
    }

    /**
     * Registers a file table (IORING_REGISTER_FILES, io_uring_register_files(3)); -1 entries are empty
     * slots. SQEs then name files by index with IOSQE_FIXED_FILE.
     *
     * @param fds descriptors by slot
     * @throws NativeIoException on failure
     */
    public void registerFiles(int[] fds) throws NativeIoException {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment a = tmp.allocateFrom(ValueLayout.JAVA_INT, fds);
            register("IORING_REGISTER_FILES", IORING_REGISTER_FILES, a.address(), fds.length);
        }
    }

    /**
     * Registers an empty file table of {@code count} slots (IORING_REGISTER_FILES2 with
     * IORING_RSRC_REGISTER_SPARSE, io_uring_register_files_sparse(3)).
     *
     * @param count slots
     * @throws NativeIoException on failure
     */
    public void registerFilesSparse(int count) throws NativeIoException {
        registerArg.fill((byte) 0);
        registerArg.set(ValueLayout.JAVA_INT, IoUringRsrcRegister.NR, count);
        registerArg.set(ValueLayout.JAVA_INT, IoUringRsrcRegister.FLAGS, IORING_RSRC_REGISTER_SPARSE);
        register("IORING_REGISTER_FILES2", IORING_REGISTER_FILES2, registerArg.address(), (int) IoUringRsrcRegister.SIZE);
    }

    /**
     * Replaces slots of the file table from {@code offset} (IORING_REGISTER_FILES_UPDATE,
     * io_uring_register_files_update(3)); -1 clears a slot, IORING_REGISTER_FILES_SKIP keeps it.
     *
     * @param offset first slot
     * @param fds    new descriptors
     * @return slots updated
     * @throws NativeIoException on failure
     */
    public int updateFiles(int offset, int[] fds) throws NativeIoException {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment a = tmp.allocateFrom(ValueLayout.JAVA_INT, fds);
            registerArg.fill((byte) 0);
            registerArg.set(ValueLayout.JAVA_INT, IoUringRsrcRegister.UPDATE_OFFSET, offset);
            registerArg.set(ValueLayout.JAVA_LONG, IoUringRsrcRegister.UPDATE_FDS, a.address());
            int rc = IoUringSyscalls.register(callState, ringFd, IORING_REGISTER_FILES_UPDATE,
                    registerArg.address(), fds.length);
            if (rc < 0) {
                throw new NativeIoException("io_uring_register(IORING_REGISTER_FILES_UPDATE)", -rc);
            }
            return rc;
        }
    }

    /**
     * Drops the file table (IORING_UNREGISTER_FILES).
     *
     * @throws NativeIoException on failure (ENXIO: none registered)
     */
    public void unregisterFiles() throws NativeIoException {
        register("IORING_UNREGISTER_FILES", IORING_UNREGISTER_FILES, 0, 0);
    }

    /**
     * Registers caller memory as fixed buffers (IORING_REGISTER_BUFFERS, io_uring_register_buffers(3));
     * the pages are pinned (accounted to RLIMIT_MEMLOCK without CAP_IPC_LOCK). Index {@code i} in
     * {@code buf_index} names {@code buffers[i]}.
     *
     * @param buffers native segments
     * @throws NativeIoException on failure (ENOMEM: memlock)
     */
    public void registerBuffers(MemorySegment[] buffers) throws NativeIoException {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment iovs = tmp.allocate(MsgHdr.IOVEC.byteSize() * buffers.length, 8);
            for (int i = 0; i < buffers.length; i++) {
                if (!buffers[i].isNative()) {
                    throw new IllegalArgumentException("buffer " + i + " is not native memory");
                }
                MsgHdr.setIovec(iovs, i, buffers[i].address(), buffers[i].byteSize());
            }
            register("IORING_REGISTER_BUFFERS", IORING_REGISTER_BUFFERS, iovs.address(), buffers.length);
        }
    }

    /**
     * Drops the fixed buffers (IORING_UNREGISTER_BUFFERS).
     *
     * @throws NativeIoException on failure (ENXIO: none registered)
     */
    public void unregisterBuffers() throws NativeIoException {
        register("IORING_UNREGISTER_BUFFERS", IORING_UNREGISTER_BUFFERS, 0, 0);
    }

    /**
     * The opcodes this kernel supports (IORING_REGISTER_PROBE, io_uring_get_probe_ring(3)).
     *
     * @return a set of IORING_OP_* values
     * @throws NativeIoException on failure
     */
    public BitSet probeOps() throws NativeIoException {
        int maxOps = 256;
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment probe = tmp.allocate(IoUringProbe.OPS + maxOps * IoUringProbe.OP_SIZE, 8);
            register("IORING_REGISTER_PROBE", IORING_REGISTER_PROBE, probe.address(), maxOps);
            int opsLen = probe.get(ValueLayout.JAVA_BYTE, IoUringProbe.OPS_LEN) & 0xFF;
            BitSet ops = new BitSet();
            for (int i = 0; i < opsLen; i++) {
                long at = IoUringProbe.OPS + i * IoUringProbe.OP_SIZE;
                int flags = probe.get(ValueLayout.JAVA_SHORT, at + IoUringProbe.OP_FLAGS);
                if ((flags & IO_URING_OP_SUPPORTED) != 0) {
                    ops.set(probe.get(ValueLayout.JAVA_BYTE, at + IoUringProbe.OP_OP) & 0xFF);
                }
            }
            return ops;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // lifecycle

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Unregisters and unmaps the buffer rings, closes the ring fd and unmaps the rings (the kernel tears
     * the instance down and cancels what is still in flight). Idempotent. Closing does not wait for
     * in-flight operations: a shard cancels them (IORING_ASYNC_CANCEL_ANY) and reaps their completions
     * before releasing memory the kernel may still write to.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (BufRing br : new ArrayList<>(bufRings)) {
            br.close();
        }
        closed = true;
        FileDescriptors.closeQuietly(ringFd);
        arena.close();
    }
}

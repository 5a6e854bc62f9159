package io.zeroio.runtime.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.zeroio.runtime.error.Errors;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.os.CallState;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.Futex;
import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.os.SockAddr;
import io.zeroio.runtime.os.Sockets;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.uring.ffi.IoUringConstants;
import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.pool.SlotHandle;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.shard.CompletionSink;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.PeerAddress;
import io.zeroio.runtime.shard.ShardBackend;
import io.zeroio.runtime.shard.WakeWord;

/**
 * The io_uring backend: one ring per shard, set up {@code SINGLE_ISSUER|DEFER_TASKRUN} (the best
 * two-thread ping-pong on these machines, DESIGN.md §4), one {@code io_uring_enter} per poll.
 *
 * <ul>
 *   <li>Listeners: multishot accept, re-armed when a CQE comes without {@code F_MORE}.</li>
 *   <li>Streams: multishot recv with buffer select from a provided-buffer ring whose buffers are
 *       tier-0 pool slots (buffer id = slot index), so the kernel writes each payload once, into
 *       the slot the handler then reads. {@code -ENOBUFS} ends the multishot; it is re-armed once
 *       the ring has buffers again.</li>
 *   <li>Sends: {@code IORING_OP_SEND} straight from the producer's slot, one per connection in
 *       flight, remainders of short sends resubmitted. (SEND_ZC reports COPIED on loopback here,
 *       DESIGN.md §4, so plain SEND is the default.)</li>
 *   <li>UDP: multishot {@code RECVMSG} into the same buffer ring (io_uring_recvmsg_out header +
 *       source address + payload in one slot); {@code SENDMSG} from the slot with a pre-allocated
 *       msghdr context.</li>
 *   <li>Wake-ups: a {@code FUTEX_WAIT} SQE on the shard's {@link WakeWord}; wakers call
 *       {@code futex(FUTEX_WAKE)} only when the word says the shard sleeps.</li>
 * </ul>
 * Shard thread only, except {@link #wakeKernel()}.
 */
public final class UringBackend implements ShardBackend {
    private static final int OP_ACCEPT = 1;
    private static final int OP_RECV = 2;
    private static final int OP_SEND = 3;
    private static final int OP_CONNECT = 4;
    private static final int OP_CLOSE = 5;
    private static final int OP_CANCEL = 6;
    private static final int OP_RECVMSG = 7;
    private static final int OP_SENDMSG = 8;
    private static final int OP_FUTEX = 9;

    private static final int BUF_GROUP = 0;
    private static final int MAX_ENDPOINTS = 256;
    private static final int KIND_LISTENER = 1;
    private static final int KIND_UDP = 2;
    private static final int EP_NAME_LEN = 28;                 // sizeof(struct sockaddr_in6)
    private static final int RECVMSG_OUT = 16;                 // sizeof(struct io_uring_recvmsg_out)
    private static final int UDP_PAYLOAD_OFFSET = RECVMSG_OUT + EP_NAME_LEN;
    private static final int SEND_CONTEXTS = 256;
    private static final int CTX_BYTES = 256;                  // msghdr 56 + iovec 16 + sockaddr 128, rounded
    private static final int CTX_IOV = 64;
    private static final int CTX_NAME = 96;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int ENOBUFS = 105;
    private static final int ECANCELED = 125;
    private static final int EAGAIN = 11;

    private final IoUring ring;
    private final CallState cs;
    private final Arena arena = Arena.ofShared();
    private CompletionSink sink;
    private SlotPool rx;
    private BufRing bufRing;
    private int bufEntries;
    /**
     * Most slots lent to the ring at once: rxBufferCount, capped below the share of tier 0 at which
     * the cascade returns to HEALTHY (lent slots count as pool use), so a ring that is large for its
     * pool cannot keep an idle shard out of HEALTHY.
     */
    private int lendLimit;
    private int bufLent;
    /** Per tier-0 slot: lent to the kernel's buffer ring right now (the ring holds its lease). */
    private boolean[] inRing;

    // connections, by shard table index
    private int[] fd;
    private int[] inFlight;
    private boolean[] recvArmed;
    private boolean[] closing;
    private boolean[] closeSubmitted;
    private boolean[] wantRecv;
    private long[] sendAddress;
    private int[] sendLength;
    private int[] sendDone;
    private MemorySegment connectAddrs;
    private int rearmPending;

    // endpoints
    private final int[] epFd = new int[MAX_ENDPOINTS];
    private final int[] epKind = new int[MAX_ENDPOINTS];
    private final boolean[] epArmed = new boolean[MAX_ENDPOINTS];
    private final boolean[] epOpen = new boolean[MAX_ENDPOINTS];
    private final int[] epFamily = new int[MAX_ENDPOINTS];
    private MemorySegment epMsghdrs;

    // datagram send contexts: msghdr + iovec + sockaddr each, free stack of indexes
    private MemorySegment ctxMemory;
    private final long[] ctxHandle = new long[SEND_CONTEXTS];
    private final int[] ctxEndpoint = new int[SEND_CONTEXTS];
    private final int[] ctxFree = new int[SEND_CONTEXTS];
    private int ctxFreeTop;

    private long wakeAddress;
    private boolean futexArmed;
    private boolean closed;

    /** Opens the ring on the calling (shard) thread. */
    public UringBackend(Config config) throws ZeroIoException {
        try {
            this.ring = IoUring.open(config.ringEntries(),
                // TASKRUN_FLAG: the kernel flags pending deferred work in the SQ ring, so a
                // non-waiting poll enters only when there is something to run (liburing's
                // cq_ring_needs_flush).
                IoUringConstants.IORING_SETUP_SINGLE_ISSUER | IoUringConstants.IORING_SETUP_DEFER_TASKRUN
                    | IoUringConstants.IORING_SETUP_TASKRUN_FLAG | IoUringConstants.IORING_SETUP_SUBMIT_ALL,
                config.ringEntries() * 4);
        } catch (NativeIoException e) {
            throw translate(e, null);
        }
        this.cs = CallState.current();
    }

    /** Whether io_uring can run here (probed once). */
    public static boolean isSupported() {
        return IoUring.isSupported();
    }

    /** Why io_uring cannot run here, or null. */
    public static String unsupportedReason() {
        return IoUring.unsupportedReason();
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public void attach(CompletionSink completionSink, Config config, Pools pools) throws ZeroIoException {
        this.sink = completionSink;
        this.rx = pools.tier(0);
        if (rx.capacity() > 65536) {
            throw new IllegalArgumentException("pool tier 0 has " + rx.capacity()
                + " slots; io_uring buffer ids are 16-bit, so at most 65536 (use more tiers for more memory)");
        }
        final int n = config.maxConnections();
        fd = new int[n];
        inFlight = new int[n];
        recvArmed = new boolean[n];
        closing = new boolean[n];
        closeSubmitted = new boolean[n];
        wantRecv = new boolean[n];
        sendAddress = new long[n];
        sendLength = new int[n];
        sendDone = new int[n];
        connectAddrs = arena.allocate((long) n * SockAddr.STORAGE_SIZE, 8);
        epMsghdrs = arena.allocate((long) MAX_ENDPOINTS * 64, 8);
        ctxMemory = arena.allocate((long) SEND_CONTEXTS * CTX_BYTES, 8);
        for (int c = 0; c < SEND_CONTEXTS; c++) {
            ctxFree[c] = SEND_CONTEXTS - 1 - c;
        }
        ctxFreeTop = SEND_CONTEXTS;
        bufEntries = config.rxBufferCount();
        // Strictly below the share at which WARNING is left again (warning - hysteresis), so the
        // ring alone can neither raise the state nor hold it up once traffic has passed.
        final long healthyShare = config.cascade().warningPct() - config.cascade().hysteresisPct();
        final long belowExit = (healthyShare * rx.capacity() - 1) / 100;
        lendLimit = (int) Math.max(1, Math.min(bufEntries, belowExit));
        inRing = new boolean[rx.capacity()];
        try {
            bufRing = ring.registerBufRing(BUF_GROUP, bufEntries);
        } catch (NativeIoException e) {
            throw translate(e, "provided-buffer ring registration failed");
        }
        refillBuffers();
    }

    // ------------------------------------------------------------------ buffers

    /**
     * Lends RX slots to the kernel's buffer ring up to {@link #lendLimit}, but only those the
     * shard would grant ({@link CompletionSink#rxSlotAvailable()}), so a shard over its RX budget
     * neither counts a drop per cycle nor feeds the ring. Receives that ended with
     * {@code -ENOBUFS} are re-armed only once the ring holds a buffer again (submitAndReap), so an
     * empty ring costs nothing while it stays empty: no completion arrives, nothing spins.
     */
    private void refillBuffers() {
        int added = 0;
        while (bufLent < lendLimit && sink.rxSlotAvailable()) {
            final long h = sink.acquireRxSlot();
            if (h == SlotHandle.NONE) {
                break;
            }
            final int bid = SlotHandle.slot(h);
            bufRing.add(rx.slotAddress(bid), rx.slotSize(), bid, added++);
            inRing[bid] = true;
            bufLent++;
            rx.noteLent(1);
        }
        if (added > 0) {
            bufRing.advance(added);
        }
    }

    /** The slot the kernel filled for a CQE with F_BUFFER: its lease passes from the ring to the caller. */
    private long takeBuffer(int cqeFlags) {
        final int bid = cqeFlags >>> IoUringConstants.IORING_CQE_BUFFER_SHIFT;
        inRing[bid] = false;
        bufLent--;
        rx.noteLent(-1);
        return rx.handleOf(bid);
    }

    // ------------------------------------------------------------------ endpoints

    @Override
    public int tcpListen(InetSocketAddress address, int backlog, boolean reusePort) throws ZeroIoException {
        final int family = address.getAddress() instanceof Inet6Address ? SocketConstants.AF_INET6 : SocketConstants.AF_INET;
        final int ep = freeEndpoint();
        int s = -1;
        try {
            s = Sockets.socket(family, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
            Sockets.setsockoptInt(s, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1);
            if (reusePort) {
                Sockets.setsockoptInt(s, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEPORT, 1);
            }
            Sockets.bind(s, address);
            Sockets.listen(s, backlog);
        } catch (NativeIoException e) {
            FileDescriptors.closeQuietly(s);
            throw translate(e, "cannot listen on " + address);
        }
        openEndpoint(ep, s, KIND_LISTENER, family);
        armAccept(ep);
        return ep;
    }

    @Override
    public int udsListen(Path path, int backlog) throws ZeroIoException {
        final int ep = freeEndpoint();
        int s = -1;
        try {
            s = Sockets.socket(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
            Sockets.bind(s, UnixDomainSocketAddress.of(path));
            Sockets.listen(s, backlog);
        } catch (NativeIoException e) {
            FileDescriptors.closeQuietly(s);
            throw translate(e, "cannot listen on unix:" + path + (e.errno() == 98 ? " (remove the stale socket file)" : ""));
        }
        openEndpoint(ep, s, KIND_LISTENER, SocketConstants.AF_UNIX);
        armAccept(ep);
        return ep;
    }

    @Override
    public int udpBind(InetSocketAddress address, boolean reusePort) throws ZeroIoException {
        final int family = address.getAddress() instanceof Inet6Address ? SocketConstants.AF_INET6 : SocketConstants.AF_INET;
        final int ep = freeEndpoint();
        int s = -1;
        try {
            s = Sockets.socket(family, SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC, 0);
            Sockets.setsockoptInt(s, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1);
            if (reusePort) {
                Sockets.setsockoptInt(s, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEPORT, 1);
            }
            Sockets.bind(s, address);
        } catch (NativeIoException e) {
            FileDescriptors.closeQuietly(s);
            throw translate(e, "cannot bind UDP " + address);
        }
        openEndpoint(ep, s, KIND_UDP, family);
        // The multishot RECVMSG template: only msg_namelen and msg_controllen matter; the kernel
        // lays each datagram out as recvmsg_out | name[msg_namelen] | payload in one buffer.
        final MemorySegment msg = epMsghdrs.asSlice((long) ep * 64, 64);
        msg.fill((byte) 0);
        msg.set(ValueLayout.JAVA_INT, 8, EP_NAME_LEN); // msg_namelen (msghdr: name ptr @0, namelen @8)
        armRecvmsg(ep);
        return ep;
    }

    private int freeEndpoint() throws ZeroIoException {
        for (int e = 0; e < MAX_ENDPOINTS; e++) {
            if (!epOpen[e]) {
                return e;
            }
        }
        throw new ZeroIoException("too many endpoints on one shard (max " + MAX_ENDPOINTS + ")");
    }

    private void openEndpoint(int ep, int s, int kind, int family) {
        epFd[ep] = s;
        epKind[ep] = kind;
        epFamily[ep] = family;
        epOpen[ep] = true;
        epArmed[ep] = false;
    }

    @Override
    public SocketAddress localAddress(int endpoint) throws ZeroIoException {
        checkEndpoint(endpoint);
        try {
            return Sockets.localAddress(epFd[endpoint]);
        } catch (NativeIoException e) {
            throw translate(e, null);
        }
    }

    private void checkEndpoint(int endpoint) {
        if (endpoint < 0 || endpoint >= MAX_ENDPOINTS || !epOpen[endpoint]) {
            throw new IllegalArgumentException("no open endpoint " + endpoint);
        }
    }

    @Override
    public void closeEndpoint(int endpoint) {
        checkEndpoint(endpoint);
        epOpen[endpoint] = false;
        // shutdown ends a pending multishot accept/recvmsg (CQE with an error and no F_MORE);
        // the descriptor itself is closed right away: the ring holds its own file reference.
        shutdownQuietly(epFd[endpoint], SocketConstants.SHUT_RDWR);
        cancelFd(epFd[endpoint]);
        FileDescriptors.closeQuietly(epFd[endpoint]);
    }

    @Override
    public void multicast(int endpoint, InetAddress group, NetworkInterface nif, boolean join) throws ZeroIoException {
        checkEndpoint(endpoint);
        try {
            final int index = nif == null ? 0 : nif.getIndex();
            if (join) {
                io.zeroio.runtime.os.Multicast.join(epFd[endpoint], group, index);
            } else {
                io.zeroio.runtime.os.Multicast.leave(epFd[endpoint], group, index);
            }
        } catch (NativeIoException e) {
            throw translate(e, "multicast " + (join ? "join " : "leave ") + group);
        }
    }

    private void armAccept(int ep) {
        final long sqe = sqe();
        ring.prepAccept(sqe, epFd[ep], 0L, 0L, SocketConstants.SOCK_CLOEXEC, true);
        ring.setUserData(sqe, UserData.pack(ep, (byte) OP_ACCEPT, (short) 0));
        epArmed[ep] = true;
    }

    private void armRecvmsg(int ep) {
        final long sqe = sqe();
        ring.prepRecvmsgMultishot(sqe, epFd[ep], epMsghdrs.address() + (long) ep * 64, BUF_GROUP, 0);
        ring.setUserData(sqe, UserData.pack(ep, (byte) OP_RECVMSG, (short) 0));
        epArmed[ep] = true;
    }

    private long sqe() {
        long sqe = ring.getSqe();
        if (sqe == -1) {
            submitQuietly(); // SQ full: flush what is queued (rare)
            sqe = ring.getSqe();
            if (sqe == -1) {
                throw new IllegalStateException("io_uring submission queue full after a flush");
            }
        }
        return sqe;
    }

    // ------------------------------------------------------------------ connections

    @Override
    public void connect(int conn, SocketAddress remote) throws ZeroIoException {
        final int family = remote instanceof UnixDomainSocketAddress ? SocketConstants.AF_UNIX
            : ((InetSocketAddress) remote).getAddress() instanceof Inet6Address ? SocketConstants.AF_INET6 : SocketConstants.AF_INET;
        final int s;
        try {
            s = Sockets.socket(family, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
            if (family != SocketConstants.AF_UNIX) {
                Sockets.setsockoptInt(s, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, 1);
            }
        } catch (NativeIoException e) {
            throw translate(e, "cannot connect to " + remote);
        }
        resetConn(conn, s);
        final MemorySegment addr = connectAddrs.asSlice((long) conn * SockAddr.STORAGE_SIZE, SockAddr.STORAGE_SIZE);
        final int len = SockAddr.encode(remote, addr);
        final long sqe = sqe();
        ring.prepConnect(sqe, s, addr.address(), len);
        ring.setUserData(sqe, UserData.pack(conn, (byte) OP_CONNECT, (short) 0));
        inFlight[conn]++;
    }

    private void resetConn(int conn, int s) {
        fd[conn] = s;
        inFlight[conn] = 0;
        recvArmed[conn] = false;
        closing[conn] = false;
        closeSubmitted[conn] = false;
        wantRecv[conn] = false;
        sendLength[conn] = 0;
    }

    @Override
    public void startReceive(int conn) {
        wantRecv[conn] = true;
        if (!recvArmed[conn] && !closing[conn]) {
            if (bufLent == 0) {
                rearmPending++;   // re-armed by submitAndReap once buffers are back
                return;
            }
            armRecv(conn);
        }
    }

    private void armRecv(int conn) {
        final long sqe = sqe();
        ring.prepRecvMultishot(sqe, fd[conn], BUF_GROUP, 0);
        ring.setUserData(sqe, UserData.pack(conn, (byte) OP_RECV, (short) 0));
        recvArmed[conn] = true;
        inFlight[conn]++;
    }

    @Override
    public void pauseReceive(int conn) {
        wantRecv[conn] = false;
        if (recvArmed[conn]) {
            cancelUserData(UserData.pack(conn, (byte) OP_RECV, (short) 0), conn);
        }
    }

    private void cancelUserData(long userData, int conn) {
        final long sqe = sqe();
        ring.prepAsyncCancel(sqe, userData, 0);
        ring.setUserData(sqe, UserData.pack(conn, (byte) OP_CANCEL, (short) 0));
        inFlight[conn]++;
    }

    private void cancelFd(int descriptor) {
        final long sqe = sqe();
        ring.prepCancelFd(sqe, descriptor, IoUringConstants.IORING_ASYNC_CANCEL_ALL);
        ring.setUserData(sqe, UserData.pack(0, (byte) OP_CANCEL, (short) 1));
    }

    @Override
    public int send(int conn, long address, int length) {
        sendAddress[conn] = address;
        sendLength[conn] = length;
        sendDone[conn] = 0;
        submitSend(conn);
        return CompletionSink.PENDING;
    }

    private void submitSend(int conn) {
        final long sqe = sqe();
        ring.prepSend(sqe, fd[conn], sendAddress[conn] + sendDone[conn], sendLength[conn] - sendDone[conn], MSG_NOSIGNAL);
        ring.setUserData(sqe, UserData.pack(conn, (byte) OP_SEND, (short) 0));
        inFlight[conn]++;
    }

    @Override
    public void sendDatagram(int endpoint, PeerAddress to, long handle, long address, int length) {
        final int ctx = takeContext(endpoint, handle);
        if (ctx < 0) {
            return;
        }
        final MemorySegment c = ctxMemory.asSlice((long) ctx * CTX_BYTES, CTX_BYTES);
        int nameLength;
        if (to.isNative()) {
            // Copy the 16–28 byte source address, not the payload: the name must outlive the receive slot.
            nameLength = Math.min(to.nativeLength(), 128);
            MemorySegment.copy(MemorySegment.ofAddress(to.nativeAddress()).reinterpret(nameLength), 0, c, CTX_NAME, nameLength);
        } else {
            nameLength = SockAddr.encode(to.toSocketAddress(), c.asSlice(CTX_NAME, 128));
        }
        submitSendmsg(ctx, c, nameLength, address, length);
    }

    @Override
    public void sendDatagram(int endpoint, SocketAddress to, long handle, long address, int length) {
        final int ctx = takeContext(endpoint, handle);
        if (ctx < 0) {
            return;
        }
        final MemorySegment c = ctxMemory.asSlice((long) ctx * CTX_BYTES, CTX_BYTES);
        final int nameLength = SockAddr.encode(to, c.asSlice(CTX_NAME, 128));
        submitSendmsg(ctx, c, nameLength, address, length);
    }

    private int takeContext(int endpoint, long handle) {
        if (ctxFreeTop == 0 || !epOpen[endpoint]) {
            sink.onDatagramSent(endpoint, handle, -EAGAIN);
            return -1;
        }
        final int ctx = ctxFree[--ctxFreeTop];
        ctxHandle[ctx] = handle;
        ctxEndpoint[ctx] = endpoint;
        return ctx;
    }

    private void submitSendmsg(int ctx, MemorySegment c, int nameLength, long address, int length) {
        final long base = c.address();
        c.set(ValueLayout.JAVA_LONG, 0, base + CTX_NAME);          // msg_name
        c.set(ValueLayout.JAVA_INT, 8, nameLength);                // msg_namelen
        c.set(ValueLayout.JAVA_LONG, 16, base + CTX_IOV);          // msg_iov
        c.set(ValueLayout.JAVA_LONG, 24, 1L);                      // msg_iovlen
        c.set(ValueLayout.JAVA_LONG, 32, 0L);                      // msg_control
        c.set(ValueLayout.JAVA_LONG, 40, 0L);                      // msg_controllen
        c.set(ValueLayout.JAVA_INT, 48, 0);                        // msg_flags
        c.set(ValueLayout.JAVA_LONG, CTX_IOV, address);            // iov_base
        c.set(ValueLayout.JAVA_LONG, CTX_IOV + 8, length);         // iov_len
        final long sqe = sqe();
        ring.prepSendmsg(sqe, epFd[ctxEndpoint[ctx]], base, MSG_NOSIGNAL);
        ring.setUserData(sqe, UserData.pack(ctx, (byte) OP_SENDMSG, (short) 0));
    }

    @Override
    public void shutdownOutput(int conn) {
        shutdownQuietly(fd[conn], SocketConstants.SHUT_WR);
    }

    @Override
    public void close(int conn) {
        if (closing[conn]) {
            return;
        }
        closing[conn] = true;
        wantRecv[conn] = false;
        if (inFlight[conn] > 0) {
            // shutdown completes the pending recv (0) and fails the pending send (EPIPE) at once;
            // the cancel catches anything still parked (e.g. a connect in progress).
            shutdownQuietly(fd[conn], SocketConstants.SHUT_RDWR);
            cancelFdOf(conn);
        } else {
            submitClose(conn);
        }
    }

    private void cancelFdOf(int conn) {
        final long sqe = sqe();
        ring.prepCancelFd(sqe, fd[conn], IoUringConstants.IORING_ASYNC_CANCEL_ALL);
        ring.setUserData(sqe, UserData.pack(conn, (byte) OP_CANCEL, (short) 0));
        inFlight[conn]++;
    }

    private void submitClose(int conn) {
        closeSubmitted[conn] = true;
        final long sqe = sqe();
        ring.prepClose(sqe, fd[conn]);
        ring.setUserData(sqe, UserData.pack(conn, (byte) OP_CLOSE, (short) 0));
    }

    private void opDone(int conn) {
        inFlight[conn]--;
        if (closing[conn] && inFlight[conn] == 0 && !closeSubmitted[conn]) {
            submitClose(conn);
        }
    }

    @Override
    public int incomingCpu(int conn) {
        try {
            return Sockets.getsockoptInt(fd[conn], SocketConstants.SOL_SOCKET, SocketConstants.SO_INCOMING_CPU);
        } catch (NativeIoException e) {
            return -1;
        }
    }

    @Override
    public void tcpInfo(int conn, long[] out) {
        try (Arena a = Arena.ofConfined()) {
            final MemorySegment info = a.allocate(232, 8);
            final int len = Sockets.getsockopt(fd[conn], SocketConstants.IPPROTO_TCP, SocketConstants.TCP_INFO, info);
            if (len >= 84) {
                // struct tcp_info (linux/tcp.h): tcpi_rtt @68 (µs), tcpi_snd_cwnd @80 (segments)
                out[0] = Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, 68));
                out[1] = Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, 80));
            }
        } catch (NativeIoException e) {
            out[0] = -1;
            out[1] = -1;
        }
    }

    // ------------------------------------------------------------------ the duty cycle

    @Override
    public void prepareToSleep(WakeWord word) {
        wakeAddress = word.address();
        if (!futexArmed) {
            final long sqe = sqe();
            // Shared (not FUTEX2_PRIVATE) futex: see the private-futex trap in DESIGN.md §4.
            ring.prepFutexWait(sqe, wakeAddress, WakeWord.SLEEPING, 0xFFFF_FFFFL, IoUringConstants.FUTEX2_SIZE_U32);
            ring.setUserData(sqe, UserData.pack(0, (byte) OP_FUTEX, (short) 0));
            futexArmed = true;
        }
    }

    @Override
    public void wakeKernel() {
        final long address = wakeAddress;
        if (address != 0) {
            try {
                // Any thread: CallState.current() is this waker's own errno area.
                Futex.wake(CallState.current(), address, 1, false);
            } catch (NativeIoException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    @Override
    public int submitAndReap(long waitNanos) {
        if (bufLent < lendLimit) {
            refillBuffers();
        }
        if (rearmPending > 0 && bufLent > 0) {
            rearmReceives();
        }
        try {
            if (waitNanos > 0) {
                ring.submitAndWaitTimeout(1, waitNanos);
            } else {
                ring.submitAndWait(0); // enters only when there is something to submit or task work to run
            }
        } catch (NativeIoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        int reaped = 0;
        while (sink.hasRoom(2)) {
            final long cqe = ring.peekCqe();
            if (cqe == IoUring.NONE) {
                break;
            }
            final long userData = ring.cqeUserData(cqe);
            final int res = ring.cqeRes(cqe);
            final int flags = ring.cqeFlags(cqe);
            ring.cqAdvance(1);
            dispatch(userData, res, flags);
            reaped++;
        }
        return reaped;
    }

    private void rearmReceives() {
        rearmPending = 0;
        for (int i = 0; i < fd.length; i++) {
            if (wantRecv[i] && !recvArmed[i] && !closing[i]) {
                armRecv(i);
            }
        }
        for (int e = 0; e < MAX_ENDPOINTS; e++) {
            if (epOpen[e] && !epArmed[e] && epKind[e] == KIND_UDP) {
                armRecvmsg(e);
            }
        }
    }

    private void dispatch(long userData, int res, int flags) {
        final int id = UserData.id(userData);
        final boolean more = (flags & IoUringConstants.IORING_CQE_F_MORE) != 0;
        switch (UserData.op(userData)) {
            case OP_RECV -> onRecv(id, res, flags, more);
            case OP_SEND -> onSend(id, res);
            case OP_ACCEPT -> onAccept(id, res, more);
            case OP_RECVMSG -> onRecvmsg(id, res, flags, more);
            case OP_SENDMSG -> {
                ctxFree[ctxFreeTop++] = id;
                sink.onDatagramSent(ctxEndpoint[id], ctxHandle[id], res);
            }
            case OP_CONNECT -> {
                opDone(id);
                if (!closing[id]) {
                    sink.onConnected(id, res);
                }
            }
            case OP_CANCEL -> {
                if (UserData.extra(userData) == 0) {
                    opDone(id);
                }
            }
            case OP_CLOSE -> sink.onClosed(id);
            case OP_FUTEX -> futexArmed = false;
            default -> throw new IllegalStateException("unknown io_uring user_data op " + UserData.op(userData));
        }
    }

    private void onRecv(int conn, int res, int flags, boolean more) {
        if (!more) {
            recvArmed[conn] = false;
        }
        if (res > 0) {
            final long h = takeBuffer(flags);
            sink.onData(conn, h, 0, res);
        } else {
            if ((flags & IoUringConstants.IORING_CQE_F_BUFFER) != 0) {
                rx.release(takeBuffer(flags));
            }
            if (!closing[conn]) {
                if (res == 0) {
                    wantRecv[conn] = false;
                    sink.onEndOfStream(conn);
                } else if (res == -ENOBUFS) {
                    sink.onRxStarved();
                    rearmPending++; // the ring ran dry: re-armed once slots return
                } else if (res != -ECANCELED) {
                    sink.onReceiveError(conn, res);
                }
            }
        }
        if (!more) {
            opDone(conn);
            if (wantRecv[conn] && !recvArmed[conn] && !closing[conn] && res != -ENOBUFS && bufLent > 0) {
                armRecv(conn);
            }
        }
    }

    private void onSend(int conn, int res) {
        if (res >= 0 && !closing[conn]) {
            sendDone[conn] += res;
            if (sendDone[conn] < sendLength[conn] && res > 0) {
                inFlight[conn]--;
                submitSend(conn); // short send: the rest from where the kernel stopped
                return;
            }
        }
        final int result = res < 0 ? res : closing[conn] && sendDone[conn] < sendLength[conn] ? -ECANCELED : sendDone[conn];
        inFlight[conn]--;
        sink.onSent(conn, result);
        if (closing[conn] && inFlight[conn] == 0 && !closeSubmitted[conn]) {
            submitClose(conn);
        }
    }

    private void onAccept(int ep, int res, boolean more) {
        if (!more) {
            epArmed[ep] = false;
        }
        if (res >= 0) {
            final int conn = sink.onAccepted(ep);
            if (conn < 0) {
                FileDescriptors.closeQuietly(res);
            } else {
                resetConn(conn, res);
                if (epFamily[ep] != SocketConstants.AF_UNIX) {
                    setNoDelay(res);
                }
                startReceive(conn);
            }
        } else if (epOpen[ep] && res != -ECANCELED) {
            sink.onEndpointError(ep, res);
        }
        if (!more && epOpen[ep]) {
            armAccept(ep);
        }
    }

    private void onRecvmsg(int ep, int res, int flags, boolean more) {
        if (!more) {
            epArmed[ep] = false;
        }
        if ((flags & IoUringConstants.IORING_CQE_F_BUFFER) != 0) {
            final long h = takeBuffer(flags);
            if (res >= UDP_PAYLOAD_OFFSET && epOpen[ep]) {
                final long base = rx.slotAddress(SlotHandle.slot(h));
                final MemorySegment out = MemorySegment.ofAddress(base).reinterpret(RECVMSG_OUT);
                final int nameLength = out.get(ValueLayout.JAVA_INT, 0);   // io_uring_recvmsg_out.namelen
                final int payload = out.get(ValueLayout.JAVA_INT, 8);      // .payloadlen
                sink.onDatagramNative(ep, h, UDP_PAYLOAD_OFFSET, payload, base + RECVMSG_OUT, Math.min(nameLength, EP_NAME_LEN));
            } else {
                rx.release(h);
            }
        } else if (res == -ENOBUFS) {
            sink.onRxStarved();
        } else if (res < 0 && res != -ECANCELED && epOpen[ep]) {
            sink.onEndpointError(ep, res);
        }
        if (!more && epOpen[ep]) {
            if (res == -ENOBUFS || bufLent == 0) {
                rearmPending++;
            } else {
                armRecvmsg(ep);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int e = 0; e < MAX_ENDPOINTS; e++) {
            if (epOpen[e]) {
                closeEndpoint(e);
            }
        }
        // Drain what is still in flight (bounded), so no slot stays lent to the kernel.
        final long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() - deadline < 0 && (ctxFreeTop < SEND_CONTEXTS)) {
            try {
                ring.submitAndWaitTimeout(1, 10_000_000L);
            } catch (NativeIoException e) {
                break;
            }
            for (long cqe; (cqe = ring.peekCqe()) != IoUring.NONE; ) {
                final long ud = ring.cqeUserData(cqe);
                final int res = ring.cqeRes(cqe);
                final int fl = ring.cqeFlags(cqe);
                ring.cqAdvance(1);
                if (UserData.op(ud) == OP_SENDMSG) {
                    ctxFree[ctxFreeTop++] = UserData.id(ud);
                    sink.onDatagramSent(ctxEndpoint[UserData.id(ud)], ctxHandle[UserData.id(ud)], res);
                } else if ((fl & IoUringConstants.IORING_CQE_F_BUFFER) != 0) {
                    rx.release(takeBuffer(fl));
                }
            }
        }
        if (bufRing != null) {
            bufRing.close();
            releaseLentSlots(); // the ring is gone: slots it still held go back to the pool
        }
        ring.close();
        arena.close();
    }

    private void releaseLentSlots() {
        for (int bid = 0; bid < inRing.length && bufLent > 0; bid++) {
            if (inRing[bid]) {
                inRing[bid] = false;
                bufLent--;
                rx.noteLent(-1);
                rx.release(rx.handleOf(bid));
            }
        }
    }

    private void shutdownQuietly(int descriptor, int how) {
        // ENOTCONN (the peer is already gone) is ignored: the close that follows reports it. The errno
        // form matters: an exception here cost ~1 KB per peer-closed connection on the shard thread.
        Sockets.shutdownErrno(cs, descriptor, how);
    }

    private void setNoDelay(int descriptor) {
        try {
            Sockets.setsockoptInt(cs, descriptor, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, 1);
        } catch (NativeIoException ignored) {
            // not a TCP socket; nothing to tune
        }
    }

    private void submitQuietly() {
        try {
            ring.submit();
        } catch (NativeIoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static ZeroIoException translate(NativeIoException e, String context) {
        return Errors.of(e.syscall(), e.errno(), context == null ? NativeIoException.hint(e.syscall(), e.errno())
            : context + "; " + NativeIoException.hint(e.syscall(), e.errno()));
    }
}

package io.zeroio.runtime.shard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.DeadlineTimerWheel;

import io.zeroio.cascade.BackpressureCascade;
import io.zeroio.cascade.CascadeState;
import io.zeroio.cascade.PoolKind;
import io.zeroio.cascade.TrafficClass;
import io.zeroio.runtime.error.TooManyConnectionsException;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotHandle;
import io.zeroio.runtime.pool.SlotPool;

/**
 * A shard (the seed's {@code Io}): one ring (io_uring or NIO selector), its slot pools, its
 * connection table and its timers, driven by one thread.
 *
 * <h2>Threads</h2>
 * Single-threaded by contract: every method here must be called on the thread that opened the
 * shard, and checks it. Other threads use {@link #handle()}, whose calls travel through a
 * lock-free ring and wake the shard.
 *
 * <h2>Duty cycle</h2>
 * {@link #poll} (1) retires the previous poll's events and releases their slot references, (2)
 * applies commands from other threads, (3) submits pending work and reaps completions in one
 * kernel call, (4) fires timers, (5) waits per the wakeup strategy when nothing happened, then
 * {@link #nextEvent()} hands events out one by one through flyweights taken in rotation from a
 * ring allocated at boot.
 *
 * <pre>{@code
 * try (Io io = Io.open(Config.defaults())) {
 *     io.tcpListen(new InetSocketAddress("127.0.0.1", 7000));
 *     for (;;) {
 *         io.poll(Duration.ofMillis(10));
 *         for (Event ev; (ev = io.nextEvent()) != null; ) {
 *             if (ev.type() == EventType.DATA) io.sendLease(ev.conn(), ev.slot(), ev.offset(), ev.length());
 *         }
 *     }
 * }
 * }</pre>
 */
public final class Io implements AutoCloseable {
    private static final int CMD_SEND = 1;
    private static final int CMD_SEND_CRITICAL = 2;
    private static final int CMD_CLOSE = 3;
    private static final int CMD_CLOSE_GRACEFUL = 4;
    private static final int CMD_WAKE = 5;
    static final int COMMAND_LENGTH = 24;
    private static final int SPIN_TRIES = 200;
    private static final int YIELD_TRIES = 20;

    private final Config config;
    private final ShardBackend backend;
    private final Pools pools;
    private final SlotPool rxPool;
    private final BackpressureCascade cascade;
    private final Connections conns;
    private final EventQueue events;
    /**
     * Flyweights handed out by nextEvent(), in rotation: twice the event queue's capacity, so one
     * handed out in poll N is not re-pointed before poll N + 2 (see {@link Event}).
     */
    private final Event[] eventRing;
    /** Ring index of the next flyweight to hand out. */
    private int eventNext;
    /** Ring index of the first flyweight handed out in the current poll. */
    private int eventPollFirst;
    private final WakeWord wakeWord;
    private final ManyToOneRingBuffer commands;
    private final IoHandle handle;
    private final DeadlineTimerWheel timers;
    private final Thread owner;
    private final Sink sink = new Sink();
    private final CommandReader commandReader = new CommandReader();
    private final TimerFirer timerFirer = new TimerFirer();
    private final long[] tcpInfo = new long[2];
    private long epoch;
    private long nowNanos;
    private int gracefulPending;
    private boolean closed;
    private final long rxBudgetSlots;

    private Io(Config config, ShardBackend backend, Pools pools) throws ZeroIoException {
        this.config = config;
        this.backend = backend;
        this.pools = pools;
        this.rxPool = pools.tier(0);
        this.cascade = new BackpressureCascade(config.cascade());
        this.rxBudgetSlots = cascade.config().budget().slots(TrafficClass.RX, rxPool.capacity());
        this.conns = new Connections(config.maxConnections(), config.txQueueDepth());
        this.events = new EventQueue(config.maxEventsPerPoll(), config.maxConnections() + 64);
        this.eventRing = new Event[2 * events.capacity()];
        for (int k = 0; k < eventRing.length; k++) {
            eventRing[k] = new Event(this, events);
        }
        this.wakeWord = new WakeWord();
        this.commands = IoHandle.newCommandRing(config.maxConnections());
        this.owner = Thread.currentThread();
        this.nowNanos = System.nanoTime();
        this.timers = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, nowNanos, 1L << 20, 512);
        this.handle = new IoHandle(this, commands, wakeWord, backend, pools);
        backend.attach(sink, config, pools);
    }

    /**
     * Opens a shard on the calling thread, which becomes its owner: pins it when
     * {@link Config#cpu()} asks, allocates pools (first touch on this thread), and opens the
     * backend ({@link BackendKind#AUTO}: io_uring where available, else NIO).
     *
     * @throws ZeroIoException when the backend cannot start; the message says why and how to fix it
     */
    public static Io open(Config config) throws ZeroIoException {
        if (config.cpu() >= 0) {
            Backends.pinCurrentThread(config.cpu());
        }
        final Pools pools = new Pools(config.tiers(), config.hugePages());
        ShardBackend backend = null;
        try {
            backend = Backends.create(config);
            return new Io(config, backend, pools);
        } catch (ZeroIoException | RuntimeException e) {
            if (backend != null) {
                backend.close();
            }
            pools.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ endpoints and connections

    /** Listens for TCP on {@code address} (backlog 1024, no SO_REUSEPORT); returns the endpoint id. */
    public int tcpListen(InetSocketAddress address) throws ZeroIoException {
        return tcpListen(address, 1024, false);
    }

    /** Listens for TCP; {@code reusePort} lets several shards listen on one port. */
    public int tcpListen(InetSocketAddress address, int backlog, boolean reusePort) throws ZeroIoException {
        ensureOwner();
        return backend.tcpListen(address, backlog, reusePort);
    }

    /** Listens on a Unix domain stream socket at {@code path} (which must not exist). */
    public int udsListen(Path path) throws ZeroIoException {
        ensureOwner();
        return backend.udsListen(path, 1024);
    }

    /** Binds a UDP socket; datagrams arrive as {@link EventType#DATAGRAM} events. */
    public int udpBind(InetSocketAddress address) throws ZeroIoException {
        return udpBind(address, false);
    }

    /** Binds a UDP socket, optionally with SO_REUSEPORT. */
    public int udpBind(InetSocketAddress address, boolean reusePort) throws ZeroIoException {
        ensureOwner();
        return backend.udpBind(address, reusePort);
    }

    /** The bound address of an endpoint (e.g. to learn an ephemeral port). */
    public SocketAddress localAddress(int endpoint) throws ZeroIoException {
        ensureOwner();
        return backend.localAddress(endpoint);
    }

    /** Joins an IP multicast group on a UDP endpoint ({@code nif} may be null for the default). */
    public void multicastJoin(int endpoint, InetAddress group, NetworkInterface nif) throws ZeroIoException {
        ensureOwner();
        backend.multicast(endpoint, group, nif, true);
    }

    /** Leaves an IP multicast group. */
    public void multicastLeave(int endpoint, InetAddress group, NetworkInterface nif) throws ZeroIoException {
        ensureOwner();
        backend.multicast(endpoint, group, nif, false);
    }

    /** Closes a listener or UDP endpoint. Connections it accepted stay open. */
    public void closeEndpoint(int endpoint) {
        ensureOwner();
        backend.closeEndpoint(endpoint);
    }

    /**
     * Connects over TCP; returns the connection id at once, and a {@link EventType#CONNECTED} event
     * (errno 0) or an {@link EventType#ERROR} then {@link EventType#DISCONNECTED} event follows.
     *
     * @throws TooManyConnectionsException when the table is full
     */
    public long tcpConnect(InetSocketAddress remote) throws ZeroIoException {
        return connect(remote, 0);
    }

    /** Connects to a Unix domain stream socket at {@code path}; like {@link #tcpConnect}. */
    public long udsConnect(Path path) throws ZeroIoException {
        return connect(UnixDomainSocketAddress.of(path), Connections.KIND_UDS);
    }

    private long connect(SocketAddress remote, int kind) throws ZeroIoException {
        ensureOwner();
        final int i = conns.allocate(-1, Connections.OPEN | Connections.CONNECTING | kind, nowNanos);
        if (i < 0) {
            throw new TooManyConnectionsException(config.maxConnections());
        }
        try {
            backend.connect(i, remote);
        } catch (ZeroIoException | RuntimeException e) {
            conns.retire(i);
            throw e;
        }
        return conns.id(i);
    }

    // ------------------------------------------------------------------ poll loop

    /** {@link #poll(long)} with a {@link Duration}. */
    public int poll(Duration timeout) {
        return poll(timeout.toNanos());
    }

    /**
     * One duty cycle: retire the last poll's events, apply cross-thread commands, submit and reap
     * in one kernel call, fire timers, and wait up to {@code timeoutNanos} (per the wakeup
     * strategy) when nothing happened.
     *
     * @return events queued for {@link #nextEvent()}
     */
    public int poll(long timeoutNanos) {
        ensureOwner();
        retireEvents();
        nowNanos = System.nanoTime();
        final long deadline = nowNanos + Math.max(0, timeoutNanos);
        runCycle(0);
        if (events.count == 0 && timeoutNanos > 0) {
            waitForWork(deadline);
        }
        afterCycle();
        return events.count;
    }

    private void runCycle(long waitNanos) {
        commands.read(commandReader, 1024);
        backend.submitAndReap(waitNanos);
        nowNanos = System.nanoTime();
        if (timers.timerCount() > 0) {
            timers.poll(nowNanos, timerFirer, Integer.MAX_VALUE);
        }
    }

    private void waitForWork(long deadline) {
        switch (config.wakeup()) {
            case SPIN -> {
                while (events.count == 0 && deadline - nowNanos > 0) {
                    Thread.onSpinWait();
                    runCycle(0);
                }
            }
            case ADAPTIVE -> {
                int tries = 0;
                while (events.count == 0 && deadline - nowNanos > 0 && tries < SPIN_TRIES + YIELD_TRIES) {
                    if (tries++ < SPIN_TRIES) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();
                    }
                    runCycle(0);
                }
                if (events.count == 0 && deadline - nowNanos > 0) {
                    sleepInKernel(deadline);
                }
            }
            case FUTEX -> sleepInKernel(deadline);
        }
    }

    private void sleepInKernel(long deadline) {
        while (events.count == 0 && deadline - nowNanos > 0) {
            long wait = deadline - nowNanos;
            if (timers.timerCount() > 0) {
                final long next = timers.currentTickTime() - nowNanos;
                wait = Math.max(0, Math.min(wait, next));
            }
            boolean notified;
            if (wakeWord.trySleep()) {
                backend.prepareToSleep(wakeWord);
                backend.submitAndReap(wait);
                notified = wakeWord.awake();
            } else {
                notified = wakeWord.awake(); // consume the notification, then look at the command ring
            }
            runCycle(0);
            if (notified) {
                return; // someone wants the shard's loop (commands applied above, or tasks of its runner)
            }
        }
    }

    private void afterCycle() {
        // Pressure = tier 0's utilisation: slots the application holds plus slots lent to the
        // kernel's receive ring (io_uring). Lent slots are receives in flight, the same RX use
        // the RX budget (rxAllowance) counts, and no one else can check them out: leaving them
        // out let the pool run dry while the cascade still read 100 % - lent (DRAIN unreachable).
        // The backend keeps what it lends below the share at which WARNING is left (warning -
        // hysteresis), so an idle shard is HEALTHY.
        cascade.update(PoolKind.FREE_STACK, rxPool.inUse(), rxPool.capacity());
        if (cascade.shouldCloseIdle()) {
            closeIdle();
        }
        if (gracefulPending > 0) {
            expireGracefulCloses();
        }
    }

    private void retireEvents() {
        epoch++;
        final EventQueue q = events;
        // Empty the data() views and peers of the flyweights this poll handed out (q.cursor of
        // them, from eventPollFirst on); their epochs no longer match, so accessors throw.
        int k = eventPollFirst;
        for (int n = 0; n < q.cursor; n++) {
            eventRing[k].expire();
            if (++k == eventRing.length) {
                k = 0;
            }
        }
        eventPollFirst = eventNext;
        for (int i = 0; i < q.count; i++) {
            final long h = q.handle[i];
            if (h != 0L) {
                q.handle[i] = 0L;
                pools.poolOf(h).release(h);
            }
            q.peerObject[i] = null;
        }
        q.count = 0;
        q.cursor = 0;
    }

    /**
     * The next event of this poll, or {@code null} when all were handed out. Allocation-free: the
     * flyweight comes from a ring allocated at boot; it stays valid until the next poll (earlier
     * events of this poll stay valid too), and throws when used after it (see {@link Event}).
     */
    public Event nextEvent() {
        ensureOwner();
        if (events.cursor == events.count) {
            return null;
        }
        final Event e = eventRing[eventNext];
        if (++eventNext == eventRing.length) {
            eventNext = 0;
        }
        e.point(events.cursor++, epoch);
        return e;
    }

    long epoch() {
        return epoch;
    }

    int slotIndex(long handle) {
        return SlotHandle.slot(handle);
    }

    OwnedSlot detach(long handle, int offset, int length) {
        final SlotPool pool = pools.poolOf(handle);
        pool.retain(handle);
        return new OwnedSlot(pool, handle, offset, length);
    }

    // ------------------------------------------------------------------ sending

    /**
     * Checks out a writable slot of at least {@code minSize} bytes for zero-copy sending (from the
     * smallest tier that has one), or returns {@code null} when the pools are exhausted.
     */
    public SendBuffer sendBuffer(int minSize) {
        ensureOwner();
        return pools.acquireSendBuffer(minSize);
    }

    /**
     * Sends {@code buffer.length()} bytes of a slot the producer wrote: the kernel sends from that
     * memory. Bulk class: shed (and counted) while the cascade is Critical or Drain. The buffer
     * belongs to the shard afterwards, whatever the result.
     *
     * @return false when the connection is gone or closing, its queue is full, or the cascade shed it
     */
    public boolean send(long conn, SendBuffer buffer) {
        return sendClassified(conn, buffer, TrafficClass.TX_BULK);
    }

    /** As {@link #send} for critical traffic (handshakes, ACK-class), which the cascade never sheds. */
    public boolean sendCritical(long conn, SendBuffer buffer) {
        return sendClassified(conn, buffer, TrafficClass.TX_CRITICAL);
    }

    private boolean sendClassified(long conn, SendBuffer buffer, TrafficClass cls) {
        ensureOwner();
        final int length = buffer.length();
        final long h = buffer.take();
        return enqueueSend(conns.indexOf(conn), h, 0, length, cls);
    }

    /**
     * Sends bytes that already sit in a slot (e.g. echoing a received payload) without copying:
     * takes one more reference on {@code handle}, released when the send completes.
     */
    public boolean sendLease(long conn, long handle, int offset, int length) {
        ensureOwner();
        pools.poolOf(handle).retain(handle);
        return enqueueSend(conns.indexOf(conn), handle, offset, length, TrafficClass.TX_BULK);
    }

    /**
     * Convenience: copies {@code length} bytes into a fresh slot and sends it (one counted copy;
     * the zero-copy path is {@link #sendBuffer} + {@link #send}).
     */
    public boolean sendCopy(long conn, DirectBuffer source, int offset, int length) {
        ensureOwner();
        final SendBuffer b = pools.acquireSendBuffer(length);
        if (b == null) {
            cascade.recordDrop(TrafficClass.TX_BULK);
            return false;
        }
        b.buffer().putBytes(0, source, offset, length);
        b.pool().countCopy();
        return send(conn, b.length(length));
    }

    boolean enqueueSend(int i, long h, int offset, int length, TrafficClass cls) {
        if (i < 0 || (conns.flags[i] & (Connections.CLOSING | Connections.OUTPUT_SHUT | Connections.GRACEFUL)) != 0
            || conns.txFull(i) || !cascade.admit(cls)) {
            if (i >= 0 && conns.txFull(i)) {
                conns.flags[i] |= Connections.WAS_FULL;
            }
            pools.poolOf(h).release(h);
            return false;
        }
        conns.txPush(i, h, offset, length);
        if (conns.txDepth - conns.txCount[i] <= conns.txDepth / 4) {
            conns.flags[i] |= Connections.WAS_FULL; // a WRITABLE event follows once it drains to half
        }
        if ((conns.flags[i] & (Connections.SEND_IN_FLIGHT | Connections.CONNECTING)) == 0) {
            pumpSends(i);
        }
        return true;
    }

    private void pumpSends(int i) {
        while (conns.txCount[i] > 0 && (conns.flags[i] & (Connections.SEND_IN_FLIGHT | Connections.CLOSING)) == 0) {
            final int at = conns.txHeadIndex(i);
            final long h = conns.txHandle[at];
            final long address = pools.poolOf(h).slotAddress(SlotHandle.slot(h)) + conns.txOffset[at];
            conns.flags[i] |= Connections.SEND_IN_FLIGHT;
            final int r = backend.send(i, address, conns.txLength[at]);
            if (r == CompletionSink.PENDING) {
                return;
            }
            sendDone(i, r);
        }
    }

    private void sendDone(int i, int result) {
        conns.flags[i] &= ~Connections.SEND_IN_FLIGHT;
        final long h = conns.txPop(i);
        pools.poolOf(h).release(h);
        if (result < 0) {
            failConnection(i, -result);
            return;
        }
        conns.bytesOut[i] += result;
        conns.messagesOut[i]++;
        conns.lastActiveNanos[i] = nowNanos;
        if ((conns.flags[i] & Connections.WAS_FULL) != 0 && conns.txCount[i] <= conns.txDepth / 2
            && (conns.flags[i] & Connections.CLOSING) == 0) {
            conns.flags[i] &= ~Connections.WAS_FULL;
            events.add(EventType.WRITABLE, conns.id(i), conns.endpoint[i]);
        }
        if (conns.txCount[i] == 0 && (conns.flags[i] & Connections.GRACEFUL) != 0
            && (conns.flags[i] & Connections.OUTPUT_SHUT) == 0) {
            conns.flags[i] |= Connections.OUTPUT_SHUT;
            backend.shutdownOutput(i);
            if ((conns.flags[i] & Connections.PEER_CLOSED) != 0) {
                beginClose(i, 0);
            }
        }
    }

    /** Sends a datagram from a slot to the source of a received one. Bulk class. */
    public boolean udpSend(int endpoint, PeerAddress to, SendBuffer buffer) {
        ensureOwner();
        final int length = buffer.length();
        final long h = buffer.take();
        if (!cascade.admit(TrafficClass.TX_BULK)) {
            pools.poolOf(h).release(h);
            return false;
        }
        backend.sendDatagram(endpoint, to, h, pools.poolOf(h).slotAddress(SlotHandle.slot(h)), length);
        return true;
    }

    /**
     * Sends bytes that already sit in a slot as a datagram to {@code to} (e.g. an echo), taking
     * one more reference on {@code handle} until the send completes. Bulk class.
     */
    public boolean udpSendLease(int endpoint, PeerAddress to, long handle, int offset, int length) {
        ensureOwner();
        if (!cascade.admit(TrafficClass.TX_BULK)) {
            return false;
        }
        final SlotPool pool = pools.poolOf(handle);
        pool.retain(handle);
        backend.sendDatagram(endpoint, to, handle, pool.slotAddress(SlotHandle.slot(handle)) + offset, length);
        return true;
    }

    /** Sends a datagram from a slot to {@code to}. Bulk class. */
    public boolean udpSend(int endpoint, SocketAddress to, SendBuffer buffer) {
        ensureOwner();
        final int length = buffer.length();
        final long h = buffer.take();
        if (!cascade.admit(TrafficClass.TX_BULK)) {
            pools.poolOf(h).release(h);
            return false;
        }
        backend.sendDatagram(endpoint, to, h, pools.poolOf(h).slotAddress(SlotHandle.slot(h)), length);
        return true;
    }

    // ------------------------------------------------------------------ closing and demand

    /**
     * Closes a connection now: queued sends are dropped, and a {@link EventType#DISCONNECTED}
     * event follows once the kernel has let go of everything in flight.
     *
     * @return false when the id is stale or the connection is already closing
     */
    public boolean close(long conn) {
        ensureOwner();
        final int i = conns.indexOf(conn);
        if (i < 0 || (conns.flags[i] & Connections.CLOSING) != 0) {
            return false;
        }
        beginClose(i, 0);
        return true;
    }

    /**
     * Closes after the queued sends are flushed: stop accepting new sends, send FIN when the queue
     * is empty, close when the peer closes too or {@code timeout} passes, whichever is first.
     */
    public boolean closeGraceful(long conn, Duration timeout) {
        ensureOwner();
        final int i = conns.indexOf(conn);
        if (i < 0 || (conns.flags[i] & (Connections.CLOSING | Connections.GRACEFUL)) != 0) {
            return false;
        }
        conns.flags[i] |= Connections.GRACEFUL;
        conns.closeDeadlineNanos[i] = nowNanos + timeout.toNanos();
        gracefulPending++;
        if (conns.txCount[i] == 0 && (conns.flags[i] & Connections.SEND_IN_FLIGHT) == 0) {
            conns.flags[i] |= Connections.OUTPUT_SHUT;
            backend.shutdownOutput(i);
            if ((conns.flags[i] & Connections.PEER_CLOSED) != 0) {
                beginClose(i, 0);
            }
        }
        return true;
    }

    /** Half-closes: sends FIN after nothing; the connection can still receive. */
    public boolean shutdownOutput(long conn) {
        ensureOwner();
        final int i = conns.indexOf(conn);
        if (i < 0 || (conns.flags[i] & (Connections.CLOSING | Connections.OUTPUT_SHUT)) != 0) {
            return false;
        }
        conns.flags[i] |= Connections.OUTPUT_SHUT;
        backend.shutdownOutput(i);
        return true;
    }

    /** Stops receiving on {@code conn} until {@link #resumeReceive}: the kernel's TCP window then pushes back on the peer. */
    public void pauseReceive(long conn) {
        ensureOwner();
        final int i = conns.indexOf(conn);
        if (i >= 0 && (conns.flags[i] & Connections.RX_PAUSED) == 0) {
            conns.flags[i] |= Connections.RX_PAUSED;
            backend.pauseReceive(i);
        }
    }

    /** Resumes receiving on {@code conn}. */
    public void resumeReceive(long conn) {
        ensureOwner();
        final int i = conns.indexOf(conn);
        if (i >= 0 && (conns.flags[i] & Connections.RX_PAUSED) != 0) {
            conns.flags[i] &= ~Connections.RX_PAUSED;
            if ((conns.flags[i] & (Connections.CLOSING | Connections.PEER_CLOSED)) == 0) {
                backend.startReceive(i);
            }
        }
    }

    private void beginClose(int i, int errno) {
        if ((conns.flags[i] & Connections.CLOSING) != 0) {
            return;
        }
        if ((conns.flags[i] & Connections.GRACEFUL) != 0) {
            gracefulPending--;
        }
        conns.flags[i] |= Connections.CLOSING;
        conns.closeErrno[i] = errno;
        // Queued sends not yet handed to the kernel are dropped now; the one in flight is
        // released when its completion arrives (the kernel still reads that slot).
        final int keep = (conns.flags[i] & Connections.SEND_IN_FLIGHT) != 0 ? 1 : 0;
        while (conns.txCount[i] > keep) {
            final int last = i * conns.txDepth + ((conns.txHead[i] + conns.txCount[i] - 1) & (conns.txDepth - 1));
            final long h = conns.txHandle[last];
            conns.txHandle[last] = 0;
            conns.txCount[i]--;
            pools.poolOf(h).release(h);
        }
        backend.close(i);
    }

    private void failConnection(int i, int errno) {
        if ((conns.flags[i] & Connections.CLOSING) != 0) {
            return;
        }
        final boolean reset = errno == 104 || errno == 32;
        final int row = events.add(reset ? EventType.RESET : EventType.ERROR, conns.id(i), conns.endpoint[i]);
        events.errno[row] = errno;
        beginClose(i, errno);
    }

    private void closeIdle() {
        final long idleBefore = nowNanos - config.drainIdleNanos();
        for (int i = 0; i < conns.capacity; i++) {
            final int f = conns.flags[i];
            if (f != 0 && (f & Connections.CLOSING) == 0 && conns.txCount[i] == 0
                && conns.lastActiveNanos[i] - idleBefore < 0) {
                beginClose(i, 0);
            }
        }
    }

    private void expireGracefulCloses() {
        for (int i = 0; i < conns.capacity; i++) {
            if ((conns.flags[i] & (Connections.GRACEFUL | Connections.CLOSING)) == Connections.GRACEFUL
                && conns.closeDeadlineNanos[i] - nowNanos < 0) {
                beginClose(i, 0);
            }
        }
    }

    // ------------------------------------------------------------------ timers

    /** The shard's clock, read once per cycle (System.nanoTime at the last cycle). */
    public long nanoTime() {
        return nowNanos;
    }

    /** Schedules a {@link EventType#TIMER} event at {@code deadlineNanos} (shard clock); returns its id. */
    public long scheduleTimer(long deadlineNanos) {
        ensureOwner();
        return timers.scheduleTimer(deadlineNanos);
    }

    /** Cancels a timer; false when it already fired or never existed. */
    public boolean cancelTimer(long timerId) {
        ensureOwner();
        return timers.cancelTimer(timerId);
    }

    // ------------------------------------------------------------------ observation

    /** Snapshot of every pool tier (current, peak, capacity). Allocates. */
    public PoolStats poolStats() {
        return pools.stats();
    }

    /** The shard's pools (thread-safe statistics; leases per their own contracts). */
    public Pools pools() {
        return pools;
    }

    /** The shard's backpressure cascade (state readable from any thread). */
    public BackpressureCascade cascade() {
        return cascade;
    }

    /** The cascade state now. */
    public CascadeState pressure() {
        return cascade.state();
    }

    /** RX slots the cascade's RX budget still allows to lend out. */
    long rxAllowance() {
        return rxBudgetSlots - rxPool.inUse();
    }

    /**
     * Sends {@code conn} can still queue before {@link #send} refuses; 0 for a stale id. A handler
     * that forwards received data pauses receiving when this falls low, and resumes on
     * {@link EventType#WRITABLE}.
     */
    public int sendQueueRemaining(long conn) {
        final int i = conns.indexOf(conn);
        return i < 0 ? 0 : conns.txDepth - conns.txCount[i];
    }

    /**
     * Asks for a {@link EventType#WRITABLE} event for {@code conn} at its next send completion that
     * leaves at most half of its send queue used: a handler that holds work back until some of its
     * sends drained waits for that event instead of polling. Nothing happens for a stale id or a
     * connection with nothing queued (there is no completion to wait for). Shard thread.
     */
    public void requestWritable(long conn) {
        final int i = conns.indexOf(conn);
        if (i >= 0 && conns.txCount[i] > 0) {
            conns.flags[i] |= Connections.WAS_FULL;
        }
    }

    /** Open connections. */
    public int openConnections() {
        return conns.open;
    }

    /** Counters of a connection; {@code null} when the id is stale. Allocates. */
    public ConnStats connStats(long conn) {
        ensureOwner();
        final int i = conns.indexOf(conn);
        if (i < 0) {
            return null;
        }
        tcpInfo[0] = -1;
        tcpInfo[1] = -1;
        backend.tcpInfo(i, tcpInfo);
        return new ConnStats(conns.bytesIn[i], conns.bytesOut[i], conns.messagesIn[i], conns.messagesOut[i],
            conns.txCount[i], tcpInfo[0], tcpInfo[1], backend.incomingCpu(i));
    }

    /** SO_INCOMING_CPU of a connection: the CPU that handled its last packet, or -1. */
    public int incomingCpu(long conn) {
        ensureOwner();
        final int i = conns.indexOf(conn);
        return i < 0 ? -1 : backend.incomingCpu(i);
    }

    /** Name of the running backend ("io_uring" or "nio"). */
    public String backendName() {
        return backend.name();
    }

    /** The settings this shard runs with. */
    public Config config() {
        return config;
    }

    /** The thread-safe send side of this shard. */
    public IoHandle handle() {
        return handle;
    }

    /** Whether the calling thread owns this shard. */
    public boolean inShardThread() {
        return Thread.currentThread() == owner;
    }

    private void ensureOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("Io methods must be called on the shard thread " + owner.getName()
                + " (called from " + Thread.currentThread().getName() + "); use io.handle() from other threads");
        }
    }

    /**
     * Closes every connection and endpoint, waits (bounded, 2 s) for the kernel to hand back
     * in-flight buffers, then frees the ring and the pools. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        ensureOwner();
        closed = true;
        retireEvents();
        for (int i = 0; i < conns.capacity; i++) {
            if (conns.flags[i] != 0) {
                beginClose(i, 0);
            }
        }
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (conns.open > 0 && deadline - System.nanoTime() > 0) {
            backend.submitAndReap(10_000_000L);
            retireEvents();
        }
        commands.read(commandReader, Integer.MAX_VALUE); // release slots of sends that arrived too late
        backend.close();
        retireEvents();
        wakeWord.close();
        if (pools.inUse() == 0) {
            pools.close();
        }
        // else: leases still held by user code keep the memory alive (closing it would turn their
        // reads into crashes); it is reclaimed with the process.
    }

    boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ completions from the backend

    /** The backend's callbacks; shard thread only. Named class (not a lambda) so nothing is captured per call. */
    private final class Sink implements CompletionSink {
        @Override
        public boolean hasRoom(int n) {
            return events.hasRoom(n);
        }

        @Override
        public int onAccepted(int endpoint) {
            final int i = conns.allocate(endpoint, Connections.OPEN, nowNanos);
            if (i < 0) {
                final int row = events.add(EventType.ERROR, 0L, endpoint);
                events.errno[row] = TooManyConnectionsException.ERRNO; // EMFILE-like: the table, not the process, is full
                events.aux[row] = Event.REASON_CONNECTION_TABLE_FULL; // so error() names accept and the limit
                return -1;
            }
            events.add(EventType.ACCEPTED, conns.id(i), endpoint);
            return i;
        }

        @Override
        public void onConnected(int i, int result) {
            conns.flags[i] &= ~Connections.CONNECTING;
            if (result < 0) {
                failConnection(i, -result);
                return;
            }
            events.add(EventType.CONNECTED, conns.id(i), -1);
            conns.lastActiveNanos[i] = nowNanos;
            if ((conns.flags[i] & Connections.CLOSING) == 0) {
                backend.startReceive(i);
                pumpSends(i);
            }
        }

        @Override
        public void onData(int i, long h, int offset, int length) {
            if ((conns.flags[i] & Connections.CLOSING) != 0) {
                pools.poolOf(h).release(h);
                return;
            }
            conns.bytesIn[i] += length;
            conns.messagesIn[i]++;
            conns.lastActiveNanos[i] = nowNanos;
            final int row = events.add(EventType.DATA, conns.id(i), conns.endpoint[i]);
            events.handle[row] = h;
            events.offset[row] = offset;
            events.length[row] = length;
        }

        @Override
        public void onEndOfStream(int i) {
            if ((conns.flags[i] & (Connections.CLOSING | Connections.PEER_CLOSED)) != 0) {
                return;
            }
            conns.flags[i] |= Connections.PEER_CLOSED;
            events.add(EventType.PEER_CLOSED, conns.id(i), conns.endpoint[i]);
            if ((conns.flags[i] & Connections.OUTPUT_SHUT) != 0) {
                beginClose(i, 0);
            }
        }

        @Override
        public void onReceiveError(int i, int negErrno) {
            failConnection(i, -negErrno);
        }

        @Override
        public void onSent(int i, int result) {
            sendDone(i, result);
            if ((conns.flags[i] & Connections.CLOSING) == 0) {
                pumpSends(i);
            }
        }

        @Override
        public void onClosed(int i) {
            while (conns.txCount[i] > 0) {
                final long h = conns.txPop(i);
                pools.poolOf(h).release(h);
            }
            final int row = events.add(EventType.DISCONNECTED, conns.id(i), conns.endpoint[i]);
            events.errno[row] = conns.closeErrno[i];
            conns.retire(i);
        }

        @Override
        public void onDatagramNative(int endpoint, long h, int offset, int length, long sockaddr, int sockaddrLength) {
            final int row = events.add(EventType.DATAGRAM, 0L, endpoint);
            events.handle[row] = h;
            events.offset[row] = offset;
            events.length[row] = length;
            events.peerNative[row] = sockaddr;
            events.peerNativeLength[row] = sockaddrLength;
        }

        @Override
        public void onDatagramObject(int endpoint, long h, int offset, int length, SocketAddress source) {
            final int row = events.add(EventType.DATAGRAM, 0L, endpoint);
            events.handle[row] = h;
            events.offset[row] = offset;
            events.length[row] = length;
            events.peerObject[row] = source;
        }

        @Override
        public void onDatagramSent(int endpoint, long h, int result) {
            pools.poolOf(h).release(h);
            if (result < 0) {
                final int row = events.add(EventType.ERROR, 0L, endpoint);
                events.errno[row] = -result;
            }
        }

        @Override
        public void onEndpointError(int endpoint, int negErrno) {
            final int row = events.add(EventType.ERROR, 0L, endpoint);
            events.errno[row] = -negErrno;
        }

        @Override
        public long acquireRxSlot() {
            if (!rxWithinBudget()) {
                cascade.recordDrop(TrafficClass.RX);
                return SlotHandle.NONE;
            }
            final long h = rxPool.acquire();
            if (h == SlotHandle.NONE) {
                cascade.recordDrop(TrafficClass.RX);
            }
            return h;
        }

        @Override
        public boolean rxSlotAvailable() {
            // Same two conditions as acquireRxSlot, without counting a drop. Tier 0 also serves
            // send buffers checked out by other threads, so this is a hint: when one races ahead,
            // the re-armed read is refused once and its socket starves again (bounded, no spin).
            return rxWithinBudget() && rxPool.inUse() < rxPool.capacity();
        }

        @Override
        public void onRxStarved() {
            cascade.recordDrop(TrafficClass.RX);
        }

        /**
         * RX is capped to the cascade's RX budget from CRITICAL on. Tier 0 also holds send buffers
         * and slots lent to the kernel, and rxAllowance counts all of them, so applying the cap in
         * WARNING (which starts at 60 %, the RX share) would stop receiving altogether there; in
         * WARNING the layers above trim per-connection prefetch instead (pekko-integration).
         */
        private boolean rxWithinBudget() {
            final CascadeState state = cascade.state();
            return state == CascadeState.HEALTHY || state == CascadeState.WARNING || rxAllowance() > 0;
        }
    }

    /** Applies commands from {@link IoHandle}s. */
    private final class CommandReader implements org.agrona.concurrent.MessageHandler {
        @Override
        public void onMessage(int type, MutableDirectBuffer buffer, int index, int length) {
            final long conn = buffer.getLong(index);
            final long h = buffer.getLong(index + 8);
            final int value = buffer.getInt(index + 16);
            final int offset = buffer.getInt(index + 20);
            switch (type) {
                case CMD_SEND, CMD_SEND_CRITICAL -> {
                    if (closed) {
                        pools.poolOf(h).release(h);
                    } else {
                        enqueueSend(conns.indexOf(conn), h, offset, value,
                            type == CMD_SEND ? TrafficClass.TX_BULK : TrafficClass.TX_CRITICAL);
                    }
                }
                case CMD_CLOSE -> {
                    final int i = conns.indexOf(conn);
                    if (i >= 0) {
                        beginClose(i, 0);
                    }
                }
                case CMD_CLOSE_GRACEFUL -> {
                    if (conns.indexOf(conn) >= 0) {
                        closeGraceful(conn, Duration.ofMillis(value));
                    }
                }
                case CMD_WAKE -> {
                }
                default -> throw new IllegalStateException("unknown shard command " + type);
            }
        }
    }

    private final class TimerFirer implements DeadlineTimerWheel.TimerHandler {
        @Override
        public boolean onTimerExpiry(TimeUnit timeUnit, long now, long timerId) {
            if (!events.hasRoom(1)) {
                return false; // stays in the wheel; fires next poll
            }
            final int row = events.add(EventType.TIMER, 0L, -1);
            events.aux[row] = timerId;
            return true;
        }
    }

    static int cmdSend(boolean critical) {
        return critical ? CMD_SEND_CRITICAL : CMD_SEND;
    }

    static int cmdClose(boolean graceful) {
        return graceful ? CMD_CLOSE_GRACEFUL : CMD_CLOSE;
    }

    static int cmdWake() {
        return CMD_WAKE;
    }
}

package io.zeroio.pekko.shard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

import org.jctools.queues.MpmcArrayQueue;

import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;

/**
 * Internal: the meeting point of one connection's shard and its consumer (stream stage or session).
 *
 * <h2>Inbound: a ring of leases</h2>
 * The shard (single producer) writes {@code (handle, offset, length)} of each received payload at
 * {@code writeSeq}, then publishes {@code writeSeq} with a volatile store; the consumer (single
 * consumer, the stage) reads entries below {@code writeSeq} and wraps each in a {@link Lease}. The
 * payload lives in a registry entry (any free one) whose index goes into the delivery ring; the
 * entry's handle stays in {@link #entries} while the lease is outstanding, so entries are the
 * lease registry: releasing is a CAS {@code handle -> 0} (whoever wins releases the slot, exactly
 * once: the user's release, a sink's transfer, or the runtime's reclaim), and the shard reuses an
 * entry only once it is 0. Outstanding leases ({@code writeSeq - released}) are the connection's
 * demand: at the prefetch limit the shard pauses receiving.
 *
 * <h2>Outbound: a queue of elements</h2>
 * The consumer offers {@link Outgoing} elements into a JCTools {@link MpmcArrayQueue} (several
 * consumers are allowed so that a terminated shard's leftovers can be drained by whoever comes
 * last, each element polled once) and {@link #schedule() schedules} the port on its shard.
 *
 * <h2>Signals</h2>
 * The consumer sets {@code wantSignal} before re-checking state; the shard changes state, then
 * reads {@code wantSignal}. Both are volatile, so (sequential consistency of volatile accesses)
 * either the consumer's re-check sees the new state or the shard sees the request and signals.
 */
public final class ConnPort {
    private static final VarHandle WANT_SIGNAL;
    private static final VarHandle SCHEDULED;
    private static final VarHandle RELEASED;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            WANT_SIGNAL = l.findVarHandle(ConnPort.class, "wantSignal", int.class);
            SCHEDULED = l.findVarHandle(ConnPort.class, "scheduled", int.class);
            RELEASED = l.findVarHandle(ConnPort.class, "released", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ZeroIoShard shard;
    final int mask;
    final AtomicLongArray entries;
    final int[] offsets;
    final int[] lengths;
    /** Delivery order: entry indices in the order payloads arrived (ring indexed by sequence). */
    final int[] deliveries;
    final MpmcArrayQueue<Outgoing> outgoing;
    /** Shard-owned: the free entry found by {@link #canWrite()}, used by {@link #write}. */
    private int freeEntry = -1;
    private int freeHint;

    /** UDP ports: the endpoint id (set on the shard thread), else -1. */
    int udpEndpoint = -1;
    /** UDP ports: sender of each registry entry (written by the shard before publishing). */
    final java.net.SocketAddress[] peers;

    /** Shard-owned: the connection id (0 until connected/accepted). */
    long conn;
    /**
     * Written by the shard (receiving paused by demand), read by releasers: volatile, and the shard
     * re-checks outstanding after setting it, so a release racing with a pause cannot be missed.
     */
    volatile boolean rxPaused;
    /** Shard-owned: the connection's TX queue was full; wait for WRITABLE. */
    boolean txBlocked;
    /** Shard-owned: graceful close requested already. */
    boolean closeRequested;
    /**
     * Shard-owned: overflow of received payloads that found every registry entry held (receives
     * already in flight when the pause took effect). Grows (rare path) up to {@link #spillLimit}.
     */
    long[] spillHandle;
    int[] spillOffset;
    int[] spillLength;
    int spillHead;
    int spillCount;
    private final int spillLimit;
    /** Shard-owned: peer-closed / closed seen while payloads still wait in the spill: published once it drains. */
    boolean peerClosedDeferred;
    boolean closedDeferred;
    /** Shard-owned: registered in the shard's connection map. */
    boolean registered;
    /** Shard-owned: in the notify list of the current cycle. */
    boolean notifyPending;
    /** Shard-owned: finalized (everything reclaimed). */
    boolean finalized;

    private volatile long writeSeq;
    private long readSeq; // consumer only
    private volatile long released;
    private volatile int wantSignal;
    private volatile int scheduled;
    private volatile PortListener listener;

    // state flags written by the shard (volatile: read by the consumer)
    private volatile boolean connected;
    private volatile boolean peerClosed;
    private volatile boolean closed;
    private volatile Throwable failure;
    /**
     * Set by the shard when it will never service this port again (finalized or stopped): from then
     * on whoever offers an element drains the queue itself. Volatile, read after the offer's CAS.
     */
    volatile boolean orphaned;

    // requests written by the consumer (volatile: read by the shard)
    private volatile boolean inboundCancelled;
    private volatile boolean outputFinished;
    private volatile boolean abortRequested;
    private volatile boolean consumerDone;

    ConnPort(ZeroIoShard shard, int ringCapacity, int outgoingCapacity, int spillLimit) {
        this.spillLimit = Math.max(ringCapacity, spillLimit);
        this.shard = shard;
        this.mask = ringCapacity - 1;
        this.entries = new AtomicLongArray(ringCapacity);
        this.offsets = new int[ringCapacity];
        this.lengths = new int[ringCapacity];
        this.deliveries = new int[ringCapacity];
        this.peers = new java.net.SocketAddress[ringCapacity];
        this.outgoing = new MpmcArrayQueue<>(Math.max(2, outgoingCapacity));
        this.spillHandle = new long[ringCapacity];
        this.spillOffset = new int[ringCapacity];
        this.spillLength = new int[ringCapacity];
    }

    /** The shard this connection lives on. */
    public ZeroIoShard shard() {
        return shard;
    }

    // ------------------------------------------------------------------ consumer side

    /** Consumer: registers the listener the shard signals (once, before requesting signals). */
    public void attach(PortListener l) {
        this.listener = l;
        schedule();
    }

    /**
     * Consumer: the next received payload as a lease, or null when none is waiting. Entries the
     * runtime reclaimed meanwhile are skipped.
     */
    public Lease poll() {
        while (readSeq < writeSeq) { // volatile read of writeSeq: acquires the entry fields written before it
            final int i = deliveries[(int) (readSeq & mask)];
            readSeq++;
            final long h = entries.get(i);
            if (h != 0L) {
                return new Lease(this, i, h, offsets[i], lengths[i]);
            }
        }
        return null;
    }

    /** Consumer (UDP): the next datagram, or null. */
    public io.zeroio.pekko.javadsl.Datagram pollDatagram() {
        while (readSeq < writeSeq) {
            final int i = deliveries[(int) (readSeq & mask)];
            readSeq++;
            final long h = entries.get(i);
            if (h != 0L) {
                return new io.zeroio.pekko.javadsl.Datagram(new Lease(this, i, h, offsets[i], lengths[i]), peers[i]);
            }
        }
        return null;
    }

    /** Shard (UDP): records the sender of the entry {@link #canWrite()} found, before {@link #write}. */
    void peer(java.net.SocketAddress sender) {
        peers[freeEntry] = sender;
    }

    /** Consumer: whether a payload is waiting. */
    public boolean hasData() {
        return readSeq < writeSeq;
    }

    /** Consumer: ask for a signal at the next change (then re-check state to close the race). */
    public void requestSignal() {
        wantSignal = 1;
    }

    /** Consumer: offers an element to send; false when the queue is full (request a signal and retry). */
    public boolean offer(Outgoing element) {
        if (!outgoing.offer(element)) {
            return false;
        }
        schedule();
        if (orphaned) {
            ZeroIoShard.discardOutgoing(this); // the shard is done with this port: nobody else will release it
        }
        return true;
    }

    /** Consumer: whether the out queue has room. */
    public boolean canOffer() {
        return outgoing.size() < outgoing.capacity();
    }

    /** Consumer: stop delivering received data (outlet cancelled); what is buffered is released. */
    public void cancelInbound() {
        inboundCancelled = true;
        for (Lease l; (l = poll()) != null; ) {
            l.release();
        }
        schedule();
    }

    /** Consumer: no more elements will be offered; close gracefully once the queue is flushed. */
    public void finishOutput() {
        outputFinished = true;
        schedule();
    }

    /** Consumer: abort the connection (reset, queued sends dropped). */
    public void abort() {
        abortRequested = true;
        schedule();
    }

    /** Consumer: the consumer is gone for good (stage stopped); everything left is the shard's to reclaim. */
    public void consumerDone() {
        for (Lease l; (l = poll()) != null; ) {
            l.release();
        }
        consumerDone = true;
        schedule();
    }

    /** Whether the connection is established (accepted, or connect completed). */
    public boolean isConnected() {
        return connected;
    }

    /** Whether the peer finished sending. */
    public boolean isPeerClosed() {
        return peerClosed;
    }

    /** Whether the connection is closed (no more data will arrive once the ring is drained). */
    public boolean isClosed() {
        return closed;
    }

    /** The failure that closed the connection, or null. */
    public Throwable failure() {
        return failure;
    }

    // ------------------------------------------------------------------ lease registry (any thread)

    /** Native address of a slot of this port's shard. */
    public long slotAddress(long handle) {
        return shard.slotAddress(handle);
    }

    /** Whether entry {@code i} still holds {@code handle} (the lease is outstanding, not reclaimed). */
    public boolean isEntryLive(int i, long handle) {
        return entries.get(i) == handle;
    }

    /** Releases an outstanding lease (exactly once across user release and reclaim). */
    public void releaseEntry(int i, long handle) {
        if (entries.compareAndSet(i, handle, 0L)) {
            shard.releaseSlot(handle);
            onEntryFreed();
        }
    }

    /** Takes an outstanding lease's reference for a send; false when it was reclaimed. */
    public boolean takeEntry(int i, long handle) {
        if (entries.compareAndSet(i, handle, 0L)) {
            onEntryFreed();
            return true;
        }
        return false;
    }

    private void onEntryFreed() {
        RELEASED.getAndAdd(this, 1L);
        if (rxPaused) {
            schedule();
        }
    }

    /** Any thread: asks the shard to service this port (once until it does). */
    public void schedule() {
        if ((int) SCHEDULED.getAndSet(this, 1) == 0) {
            shard.enqueue(this);
        }
    }

    // ------------------------------------------------------------------ shard side (package-private)

    void clearScheduled() {
        scheduled = 0; // volatile: a schedule() after this store re-enqueues the port
    }

    long outstanding() {
        return writeSeq - released;
    }

    /**
     * Shard: finds a free registry entry (one whose lease was released), scanning from where the
     * last search stopped; leases held for long only shrink the window, they never block it.
     */
    boolean canWrite() {
        if (freeEntry >= 0) {
            return true;
        }
        for (int n = 0; n <= mask; n++) {
            final int i = (freeHint + n) & mask;
            if (entries.get(i) == 0L) {
                freeEntry = i;
                freeHint = i + 1;
                return true;
            }
        }
        return false;
    }

    /** Shard: writes one payload into the entry {@link #canWrite()} found (the slot reference is handed over) and publishes it. */
    void write(long handle, int offset, int length) {
        final long seq = writeSeq;
        final int i = freeEntry;
        freeEntry = -1;
        deliveries[(int) (seq & mask)] = i;
        offsets[i] = offset;
        lengths[i] = length;
        entries.set(i, handle);
        writeSeq = seq + 1; // volatile store publishes offsets/lengths/entry to the consumer
    }

    /** Shard: signals the listener when it asked for it. */
    void signalIfWanted() {
        if (wantSignal != 0 && (int) WANT_SIGNAL.getAndSet(this, 0) != 0) {
            final PortListener l = listener;
            if (l != null) {
                l.signal();
            }
        }
    }

    /** Shard: signals unconditionally (state changes the consumer must see: connected, closed, failure). */
    void signalAlways() {
        wantSignal = 0;
        final PortListener l = listener;
        if (l != null) {
            l.signal();
        }
    }

    PortListener listener() {
        return listener;
    }

    void markConnected() {
        connected = true;
    }

    void markPeerClosed() {
        peerClosed = true;
    }

    void markFailed(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    void markFailedIfOpen() {
        if (!closed && failure == null) {
            failure = new io.zeroio.pekko.ZeroIoStreamException("the zero-io shard stopped (ActorSystem terminated)");
        }
    }

    void markClosed() {
        closed = true;
    }

    boolean inboundCancelledRequested() {
        return inboundCancelled;
    }

    boolean outputFinishedRequested() {
        return outputFinished;
    }

    boolean abortRequestedFlag() {
        return abortRequested;
    }

    boolean consumerDoneFlag() {
        return consumerDone;
    }

    /** Shard: keeps a payload that found no free entry; false when the spill limit is reached. */
    boolean spill(long handle, int offset, int length) {
        if (spillCount == spillHandle.length) {
            if (spillCount >= spillLimit) {
                return false;
            }
            final int n = Math.min(spillLimit, spillCount * 2); // rare path: allocation allowed
            final long[] h = new long[n];
            final int[] o = new int[n];
            final int[] l = new int[n];
            for (int k = 0; k < spillCount; k++) {
                final int at = (spillHead + k) % spillHandle.length;
                h[k] = spillHandle[at];
                o[k] = spillOffset[at];
                l[k] = spillLength[at];
            }
            spillHandle = h;
            spillOffset = o;
            spillLength = l;
            spillHead = 0;
        }
        final int at = (spillHead + spillCount) % spillHandle.length;
        spillHandle[at] = handle;
        spillOffset[at] = offset;
        spillLength[at] = length;
        spillCount++;
        return true;
    }

    /** Shard: moves spilled payloads into freed entries, in order; true when any moved. */
    boolean unspill() {
        boolean moved = false;
        while (spillCount > 0 && canWrite()) {
            write(spillHandle[spillHead], spillOffset[spillHead], spillLength[spillHead]);
            spillHead = (spillHead + 1) % spillHandle.length;
            spillCount--;
            moved = true;
        }
        return moved;
    }

    /** Shard: releases every outstanding entry (leases held by user code become dead) and the spill. */
    int reclaimAll() {
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            final long h = entries.getAndSet(i, 0L);
            if (h != 0L) {
                shard.releaseSlot(h);
                RELEASED.getAndAdd(this, 1L);
                n++;
            }
        }
        while (spillCount > 0) {
            shard.releaseSlot(spillHandle[spillHead]);
            spillHead = (spillHead + 1) % spillHandle.length;
            spillCount--;
            n++;
        }
        return n;
    }
}

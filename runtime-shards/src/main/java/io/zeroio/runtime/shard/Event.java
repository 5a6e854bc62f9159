package io.zeroio.runtime.shard;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.runtime.error.Errors;
import io.zeroio.runtime.error.SyscallException;
import io.zeroio.runtime.error.TooManyConnectionsException;
import io.zeroio.runtime.pool.OwnedSlot;

/**
 * The event a shard hands out from {@link Io#nextEvent()}: a flyweight over one row of the shard's
 * event queue, taken from a ring of flyweights allocated at boot, so iterating allocates nothing
 * (the seed's {@code Event<'poll>}).
 *
 * <h2>Lifetime</h2>
 * Valid until the next {@link Io#poll}: Java has no borrow checker, so every accessor checks the
 * poll epoch this flyweight was pointed in and throws {@link IllegalStateException} once that poll
 * is over, and the {@link #data()} view is emptied at the next poll (any read then fails its bounds
 * check). Within its poll an event stays valid while later ones are handed out: each
 * {@code nextEvent()} takes the next flyweight of the ring (with its own row, epoch and view).
 * The ring holds twice the most events one poll can queue, so a flyweight is never re-pointed in
 * the poll after the one it was handed out in: a reference kept past its poll throws at least
 * until that following poll is over (later still, once the ring comes round, it may show a newer
 * event — do not keep Event references). To keep the payload, {@link #detach()} it into an
 * {@link OwnedSlot}. Shard thread only.
 */
public final class Event {
    /** {@code aux} of an ERROR row: an accepted connection closed because the connection table was full. */
    static final long REASON_CONNECTION_TABLE_FULL = 1L;

    private static final EventType[] TYPES = EventType.values();

    private final Io io;
    private final EventQueue queue;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final PeerAddress peer = new PeerAddress();
    private long epoch = -1;
    private int row;

    Event(Io io, EventQueue queue) {
        this.io = io;
        this.queue = queue;
    }

    void point(int newRow, long newEpoch) {
        this.row = newRow;
        this.epoch = newEpoch;
        final long handle = queue.handle[newRow];
        if (handle != 0L) {
            view.wrap(io.pools().poolOf(handle).slotAddress(io.slotIndex(handle)) + queue.offset[newRow], queue.length[newRow]);
        } else {
            view.wrap(0, 0);
        }
        if (queue.peerObject[newRow] != null) {
            peer.wrapObject(queue.peerObject[newRow]);
        } else if (queue.peerNative[newRow] != 0) {
            peer.wrapNative(queue.peerNative[newRow], queue.peerNativeLength[newRow]);
        } else {
            peer.clear();
        }
    }

    void expire() {
        view.wrap(0, 0);
        peer.clear();
        epoch = -1;
    }

    private int checkedRow() {
        // Plain fields, one thread: the shard's epoch moves on at each poll, this flyweight's only
        // when nextEvent() points it at a newer row.
        if (epoch != io.epoch()) {
            throw new IllegalStateException("event used after the next poll(): an Event and its data() are valid only "
                + "until the shard polls again; detach() the payload to keep it");
        }
        return row;
    }

    /** What happened. */
    public EventType type() {
        return TYPES[queue.type[checkedRow()]];
    }

    /** The connection id (0 for endpoint events). */
    public long conn() {
        return queue.conn[checkedRow()];
    }

    /** The endpoint (listener or UDP socket) id, or -1. */
    public int endpoint() {
        return queue.endpoint[checkedRow()];
    }

    /** The payload, read in place where the kernel wrote it (empty for events without one). */
    public DirectBuffer data() {
        checkedRow();
        return view;
    }

    /** Payload bytes. */
    public int length() {
        return queue.length[checkedRow()];
    }

    /** Native address of the first payload byte (0 when there is none). */
    public long address() {
        checkedRow();
        return view.addressOffset();
    }

    /** The slot handle holding the payload (0 when there is none). */
    public long slot() {
        return queue.handle[checkedRow()];
    }

    /** Offset of the payload inside its slot. */
    public int offset() {
        return queue.offset[checkedRow()];
    }

    /** Source of a datagram. */
    public PeerAddress peer() {
        checkedRow();
        return peer;
    }

    /** The positive errno of an ERROR, RESET or failed DISCONNECTED event, else 0. */
    public int errno() {
        return queue.errno[checkedRow()];
    }

    /**
     * The typed exception for {@link #errno()} (allocates; error paths only), or null. The
     * {@code ERROR} of a connection refused because the shard's table was full is a
     * {@link TooManyConnectionsException} naming accept, {@code max-connections} and the fix.
     */
    public SyscallException error() {
        final int r = checkedRow();
        final int e = queue.errno[r];
        if (e == 0) {
            return null;
        }
        final EventType t = TYPES[queue.type[r]];
        if (t == EventType.ERROR && queue.aux[r] == REASON_CONNECTION_TABLE_FULL) {
            return TooManyConnectionsException.accept(io.config().maxConnections());
        }
        return Errors.of(syscallOf(t, queue.conn[r]), e, null);
    }

    /** The operation an errno came from: a connection's ERROR is its connect or a send; an endpoint's (conn 0) its accept or datagram I/O. */
    private static String syscallOf(EventType t, long conn) {
        return switch (t) {
            case ERROR -> conn == 0 ? "accept/recvmsg/sendmsg" : "connect/send";
            case CONNECTED -> "connect/send";
            case RESET, DISCONNECTED -> "recv/send";
            default -> "io";
        };
    }

    /** The timer id of a TIMER event. */
    public long timerId() {
        return queue.aux[checkedRow()];
    }

    /**
     * Promotes the payload to an {@link OwnedSlot} usable on any thread after this poll; the
     * bytes do not move (one reference count increment, one small object).
     */
    public OwnedSlot detach() {
        final int r = checkedRow();
        final long handle = queue.handle[r];
        if (handle == 0L) {
            throw new IllegalStateException(TYPES[queue.type[r]] + " event has no payload to detach");
        }
        return io.detach(handle, queue.offset[r], queue.length[r]);
    }

    @Override
    public String toString() {
        if (epoch != io.epoch()) {
            return "Event[expired]";
        }
        return "Event[" + TYPES[queue.type[row]] + " conn=" + queue.conn[row] + " endpoint=" + queue.endpoint[row]
            + " length=" + queue.length[row] + " errno=" + queue.errno[row] + "]";
    }
}

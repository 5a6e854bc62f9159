package io.zeroio.protocol.http.websocket.pekko;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.runtime.pool.OwnedSlot;

/**
 * One WebSocket data frame, of kind text or binary.
 *
 * <p><b>Received</b> ({@link #isLease()}): the payload is a lease on the receive slot — the bytes
 * stay where the kernel wrote them (unmasked in place), no copy; this object holds one reference on
 * the slot. It must be released exactly once with {@link #release()}, on any thread. A lease still
 * unreleased when the session's actor stops or its stream ends, or when its connection fails, is
 * <em>reclaimed</em> by the session (then {@link #buffer()} throws {@code SlotStateException} and a
 * later {@code release()} returns false); after the peer's orderly close the leases stay readable
 * until the actor stops (at most {@link WebSocketActors#LINGER} later) or the stream ends. Fragments arrive one per element ({@link #isLast()} marks a
 * message's last frame); text is already UTF-8-validated across fragments.
 *
 * <p><b>Outgoing</b> ({@link #text(String)}, {@link #binary(byte[])}): a heap message for a stream
 * session's output; {@code release()} does nothing. A received lease may be sent back too (its
 * bytes are copied once into a TX slot, then it is released).
 */
public final class WsMessage implements WsEvent {
    /** Frame kind (continuations carry their message's kind). */
    public enum Kind { TEXT, BINARY }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WsMessage.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Kind kind;
    private final boolean last;
    private final OwnedSlot slot;
    private final WsConnection owner;
    private final byte[] bytes;
    private volatile int state; // 0 held, 1 released or reclaimed

    WsMessage(Kind kind, boolean last, OwnedSlot slot, WsConnection owner) {
        this.kind = kind;
        this.last = last;
        this.slot = slot;
        this.owner = owner;
        this.bytes = null;
    }

    private WsMessage(Kind kind, byte[] bytes) {
        this.kind = kind;
        this.last = true;
        this.slot = null;
        this.owner = null;
        this.bytes = bytes;
    }

    /** An outgoing text message. */
    public static WsMessage text(String text) {
        return new WsMessage(Kind.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An outgoing binary message (the array is not copied: do not change it afterwards). */
    public static WsMessage binary(byte[] data) {
        return new WsMessage(Kind.BINARY, data);
    }

    /** Text or binary. */
    public Kind kind() {
        return kind;
    }

    /** Whether this is a text frame. */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** Whether this frame ends its message (false for all but the last fragment). */
    public boolean isLast() {
        return last;
    }

    /** Whether this is a received frame whose payload is a slot lease. */
    public boolean isLease() {
        return slot != null;
    }

    /** Payload bytes. */
    public int length() {
        return slot != null ? slot.length() : bytes.length;
    }

    /** The payload (a view on the slot for a lease: valid until released). */
    public DirectBuffer buffer() {
        return slot != null ? slot.buffer() : new UnsafeBuffer(bytes);
    }

    /** The payload decoded as UTF-8 (a copy into a String). */
    public String text() {
        return slot != null ? slot.buffer().getStringWithoutLengthUtf8(0, slot.length())
            : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The payload copied into a new array. */
    public byte[] toByteArray() {
        if (slot == null) {
            return bytes.clone();
        }
        final byte[] out = new byte[slot.length()];
        slot.buffer().getBytes(0, out);
        return out;
    }

    /** Whether the lease was released or reclaimed (always false for outgoing messages). */
    public boolean isReleased() {
        return slot != null && state != 0;
    }

    /**
     * Gives the slot reference back (any thread). Exactly one release or reclaim takes effect: the
     * call that did returns true, any later one false (outgoing messages: always false).
     */
    public boolean release() {
        if (slot == null || !STATE.compareAndSet(this, 0, 1)) {
            return false;
        }
        slot.close();
        owner.released(); // after the slot is back: the shard may then read more
        return true;
    }

    /** The session takes the reference back (actor stopped, stream ended, connection gone). */
    boolean reclaim() {
        if (slot == null || !STATE.compareAndSet(this, 0, 1)) {
            return false;
        }
        slot.close();
        return true;
    }

    byte[] heapBytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "WsMessage[" + kind + (last ? "" : ", fragment") + ", " + length() + " B" + (isLease() ? ", lease" : "") + "]";
    }
}

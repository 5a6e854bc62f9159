package io.zeroio.protocol.http.websocket;

import java.util.Queue;

import org.agrona.DirectBuffer;

import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflate;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.shard.Io;

/**
 * The connection a {@link WebSocketHandler} call is about: send frames (written once into TX slots,
 * unmasked as a server sends them) or close. A flyweight re-pointed for every call; valid only
 * during it, on the shard thread.
 *
 * <p>For handlers that hand work to other threads (the actor and stream sessions of
 * {@code io.zeroio.protocol.http.websocket.pekko}): {@link #attach}/{@link #attachment()} keep one
 * object per connection, {@link #detachPayload} turns a frame's payload into an {@link OwnedSlot}
 * (one more reference on the slot, no byte copy), {@link #waker()} is the thread-safe doorbell that
 * makes the shard call {@link WebSocketHandler#onWake}, where frames other threads queued are
 * written with the usual send methods.
 */
public final class WebSocketSession {
    private final ZeroResponse writer;
    private Io io;
    private long conn;
    private boolean closeSent;
    private PerMessageDeflate deflate;
    private boolean closedByPeer;
    private int failCode;
    private SlotPool slotPool;
    private long slotHandle;
    private Object[] attachments;
    private WebSocketWaker[] wakers;
    private Queue<WebSocketWaker> attention;

    /** A session writing through {@code writer} (server side). */
    public WebSocketSession(ZeroResponse writer) {
        this.writer = writer;
    }

    /**
     * Server side, once per shard: per-connection-index arrays for attachments and wakers, and the
     * queue the shard drains in {@code afterPoll}.
     */
    public void bindShard(Object[] attachmentsByIndex, WebSocketWaker[] wakersByIndex, Queue<WebSocketWaker> attentionQueue) {
        this.attachments = attachmentsByIndex;
        this.wakers = wakersByIndex;
        this.attention = attentionQueue;
    }

    /** Server side: points the session at {@code connection}. */
    public WebSocketSession wrap(Io shard, long connection, boolean closeAlreadySent) {
        this.io = shard;
        this.conn = connection;
        this.closeSent = closeAlreadySent;
        this.deflate = null;
        this.closedByPeer = false;
        this.failCode = 0;
        this.slotPool = null;
        this.slotHandle = 0;
        return this;
    }

    /** Server side: the slot holding the bytes of the frame about to be handled. */
    public WebSocketSession frameSlot(SlotPool pool, long handle) {
        this.slotPool = pool;
        this.slotHandle = handle;
        return this;
    }

    /** Server side: the session ends because the peer sent a close frame (see {@link #closedByPeer()}). */
    public WebSocketSession peerClosed() {
        this.closedByPeer = true;
        return this;
    }

    /**
     * Server side: the connection's permessage-deflate codec, or null when not negotiated (set after
     * {@link #wrap}; whole messages sent with {@code fin} are then compressed above the threshold).
     */
    public WebSocketSession deflate(PerMessageDeflate codec) {
        this.deflate = codec != null && codec.active() ? codec : null;
        return this;
    }

    /** Whether permessage-deflate is in use on this connection. */
    public boolean compressed() {
        return deflate != null;
    }

    /** The connection id. */
    public long id() {
        return conn;
    }

    /** The shard (shard thread only). */
    public Io io() {
        return io;
    }

    /** Whether a close frame was sent on this connection. */
    public boolean closeSent() {
        return closeSent;
    }

    /** In {@link WebSocketHandler#onClose}: whether the peer's close frame ended the session. */
    public boolean closedByPeer() {
        return closedByPeer;
    }

    /** The code {@link #fail} asked for during this call, or 0. */
    public int failCode() {
        return failCode;
    }

    /** Sends a text message (UTF-8 encoded from {@code text}). */
    public void sendText(CharSequence text) {
        if (deflate != null && deflate.shouldCompress(text.length())) {
            final int n = Utf8Encoder.length(text);
            final SendBuffer staging = io.sendBuffer(Math.max(1, n));
            if (staging != null) {
                try {
                    Utf8Encoder.encode(text, staging.buffer(), 0);
                    send(WebSocketFrame.TEXT, true, staging.buffer(), 0, n);
                    return;
                } finally {
                    staging.abort();
                }
            }
        }
        writer.webSocketText(io, conn, WebSocketFrame.TEXT, true, text);
    }

    /** Sends a binary message. */
    public void sendBinary(DirectBuffer src, int offset, int length) {
        send(WebSocketFrame.BINARY, true, src, offset, length);
    }

    /**
     * Sends one frame ({@code opcode} TEXT/BINARY/CONTINUATION, {@code fin} for the last fragment). With
     * permessage-deflate, a whole message (TEXT/BINARY with fin) above the threshold is compressed
     * (into a scratch slot, then copied once into the TX slot); fragments go uncompressed.
     */
    public void send(int opcode, boolean fin, DirectBuffer src, int offset, int length) {
        if (deflate != null && fin && opcode != WebSocketFrame.CONTINUATION) {
            final SendBuffer compressed = deflate.compressToSlot(io, src, offset, length, 0);
            if (compressed != null) {
                try {
                    writer.webSocketCompressed(io, conn, opcode, compressed.address(), deflate.compressedLength());
                } finally {
                    compressed.abort();
                }
                return;
            }
        }
        writer.webSocketFrame(io, conn, opcode, fin, src, offset, length);
    }

    /** Starts the close handshake with {@code code} and an ASCII reason (≤ 123 bytes). */
    public void close(int code, CharSequence reason) {
        if (!closeSent) {
            closeSent = true;
            writer.webSocketClose(io, conn, code, reason);
        }
    }

    /**
     * Fails the connection after this call (RFC 6455 §7.1.7): a close frame with {@code code} (unless
     * one was sent), then the TCP close, without waiting for the peer's close frame.
     */
    public void fail(int code) {
        if (failCode == 0) {
            failCode = code;
        }
    }

    /** Keeps {@code value} with this connection (until it ends); shard thread. */
    public void attach(Object value) {
        attachments[(int) conn] = value;
    }

    /** What {@link #attach} kept for this connection, or null. */
    public Object attachment() {
        return attachments == null ? null : attachments[(int) conn];
    }

    /**
     * One more reference on the slot holding {@code frame}'s payload, as an {@link OwnedSlot} that
     * any thread may read and must close once: no byte copy. Valid during {@link WebSocketHandler#onFrame}.
     */
    public OwnedSlot detachPayload(WebSocketFrame frame) {
        if (slotPool == null) {
            throw new IllegalStateException("no frame slot: detachPayload is for onFrame");
        }
        final long payload = frame.buffer().addressOffset() + frame.payloadOffset();
        slotPool.retain(slotHandle);
        return new OwnedSlot(slotPool, slotHandle, (int) (payload - slotPool.address(slotHandle)), frame.payloadLength());
    }

    /** The thread-safe doorbell of this connection (created on first use per connection). */
    public WebSocketWaker waker() {
        final int i = (int) conn;
        WebSocketWaker w = wakers[i];
        if (w == null || w.connection() != conn) {
            w = new WebSocketWaker(conn, attention, io.handle());
            wakers[i] = w;
        }
        return w;
    }
}

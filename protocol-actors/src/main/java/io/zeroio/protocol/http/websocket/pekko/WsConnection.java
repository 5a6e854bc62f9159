package io.zeroio.protocol.http.websocket.pekko;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketSession;
import io.zeroio.protocol.http.websocket.WebSocketWaker;
import io.zeroio.runtime.shard.Io;

/**
 * One WebSocket connection as seen from an actor or a stream: the thread-safe send side
 * ({@link #trySendText}, {@link #trySendBinary}, {@link #close}) and the session's bookkeeping of the
 * leases it handed out.
 *
 * <h2>Sending</h2>
 * The calling thread offers the message to the connection's bounded outbox (a lock-free array queue
 * of {@link WsSettings#outboxFrames()} messages; text is UTF-8 encoded by the caller) and wakes the
 * connection ({@link WebSocketWaker}); the shard then writes the queued frames, in order, into the
 * connection's TX slots — several frames share one slot, so a burst of small messages costs few
 * slots and one send — as far as the TX queue has room (the rest follows on {@code WRITABLE}).
 * The payload is copied once, into the TX slot. {@code trySend*} returns false — nothing is sent,
 * nothing is silently dropped — when the outbox is full or the session is closing or over.
 *
 * <h2>Receiving</h2>
 * Frames are delivered as {@link WsMessage} leases (no copy); at the bound of
 * {@link WsSettings#maxInFlight()} unreleased leases the shard pauses the connection's receives and
 * resumes when one is released. Receives that had already completed when the pause took effect (on
 * io_uring a multishot receive is cancelled asynchronously) wait in the connection's scratch slot;
 * only when they overflow it are its complete frames delivered past the bound (the count overshoots
 * by what had arrived, never by more than one scratch slot's worth at a time). When the session ends every unreleased lease is reclaimed (its slot reference
 * dropped exactly once, whoever comes first: the holder's {@code release()} or the reclaim).
 */
public final class WsConnection {
    private static final int FAIL = 1 << 16;

    private final long conn;
    private final WebSocketWaker waker;
    private final int maxInFlight;
    private WsMessage[] table; // written on the shard thread only; grows past maxInFlight only on overshoot
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ManyToManyConcurrentArrayQueue<WsMessage> outbox;
    private final AtomicInteger closeRequest = new AtomicInteger(); // 0, or code (| FAIL)
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong reclaimed = new AtomicLong();
    private volatile boolean paused;
    private volatile boolean ended;
    private volatile boolean holderGone;
    private boolean closeHandled; // shard thread
    private volatile Consumer<WsEvent> sink;

    WsConnection(WebSocketSession session, WsSettings settings) {
        this.conn = session.id();
        this.waker = session.waker();
        this.maxInFlight = settings.maxInFlight();
        this.table = new WsMessage[settings.maxInFlight()];
        this.outbox = new ManyToManyConcurrentArrayQueue<>(settings.outboxFrames());
    }

    void sink(Consumer<WsEvent> target) {
        this.sink = target;
    }

    /** The connection id (unique on its shard while it lives). */
    public long id() {
        return conn;
    }

    /** Whether the session is still open (no close requested, not ended). */
    public boolean isOpen() {
        return !ended && closeRequest.get() == 0;
    }

    /** Received frames delivered and not yet released. */
    public int leasesInFlight() {
        return inFlight.get();
    }

    /** {@code trySend*} calls refused so far. */
    public long refusedSends() {
        return refused.get();
    }

    /** Leases the session took back because their holder had not released them when it ended. */
    public long reclaimedLeases() {
        return reclaimed.get();
    }

    // ---------------------------------------------------------------- sending (any thread)

    /** Queues a text message (UTF-8 encoded here); false when refused (see the class comment). */
    public boolean trySendText(CharSequence text) {
        if (!isOpen()) {
            refused.incrementAndGet();
            return false;
        }
        return enqueue(WsMessage.text(text.toString()));
    }

    /** Queues a binary message (the array is copied); false when refused. */
    public boolean trySendBinary(byte[] data) {
        return isOpen() ? enqueue(WsMessage.binary(data.clone())) : refuse();
    }

    /** Queues a binary message from {@code length} bytes of {@code src} (copied); false when refused. */
    public boolean trySendBinary(DirectBuffer src, int offset, int length) {
        if (!isOpen()) {
            return refuse();
        }
        final byte[] copy = new byte[length];
        src.getBytes(offset, copy);
        return enqueue(WsMessage.binary(copy));
    }

    private boolean refuse() {
        refused.incrementAndGet();
        return false;
    }

    /**
     * Starts the close handshake with {@code code} after the frames queued before it (later
     * {@code trySend*} calls are refused); the connection closes when the peer answers (or its idle
     * timeout passes). False when a close was requested already or the session is over.
     */
    public boolean close(int code) {
        if (ended || !closeRequest.compareAndSet(0, code & 0xFFFF)) {
            return false;
        }
        waker.wake();
        return true;
    }

    /** {@code close(1000)}. */
    public boolean close() {
        return close(1000);
    }

    /** Fails the connection: close frame with {@code code} after the queued frames, then the TCP close at once. */
    boolean fail(int code) {
        if (ended || !closeRequest.compareAndSet(0, FAIL | (code & 0xFFFF))) {
            return false;
        }
        waker.wake();
        return true;
    }

    private boolean enqueue(WsMessage m) {
        if (!outbox.offer(m)) {
            return refuse(); // a lease stays with its holder
        }
        // Dekker with end(): ended is written (volatile) before the shard drains the outbox, and the
        // offer above is a CAS before this volatile read; so either the shard's drain sees this
        // message, or this read sees ended and the outbox is emptied here (it allows several consumers).
        if (ended) {
            abortOutbox();
            return refuse();
        }
        waker.wake();
        return true;
    }

    /**
     * Sends {@code message} when the outbox has room: the stream sessions' backpressured send. The
     * stage completes when the frame is queued, exceptionally when the session is over.
     */
    CompletionStage<Void> sendAsync(WsMessage message) {
        if (ended) {
            message.release();
            return CompletableFuture.failedFuture(new WebSocketSessionException(1006, "WebSocket session is over"));
        }
        if (trySendMessage(message)) {
            return CompletableFuture.completedFuture(null);
        }
        final Pending p = new Pending(message, new CompletableFuture<>());
        if (!pending.compareAndSet(null, p)) {
            return CompletableFuture.failedFuture(new IllegalStateException("one send at a time"));
        }
        waker.wake(); // the shard retries it (after draining the outbox); a race with end() is settled there
        if (ended) {
            failPending();
        }
        return p.future;
    }

    private boolean trySendMessage(WsMessage m) {
        if (!isOpen() || !outbox.offer(m)) {
            return false;
        }
        if (ended) {
            abortOutbox();
            return false;
        }
        waker.wake();
        return true;
    }

    private record Pending(WsMessage message, CompletableFuture<Void> future) {
    }

    // ---------------------------------------------------------------- shard side

    /** Shard thread: whether another frame may be delivered (false pauses the receives). */
    boolean accepts() {
        if (inFlight.get() < maxInFlight) {
            paused = false;
            return true;
        }
        paused = true;
        // Dekker with released(): it decrements, then reads paused; we wrote paused, then re-read the
        // count. Both sides are volatile/RMW (sequentially consistent): at least one sees the other,
        // so a release racing with the pause either shows here or wakes the connection.
        if (inFlight.get() < maxInFlight) {
            paused = false;
            return true;
        }
        return false;
    }

    /** Shard thread, in onFrame: hands the frame's payload out as a lease (no copy). */
    void deliver(WebSocketSession session, WebSocketFrame frame) {
        int free = -1;
        for (int k = 0; k < table.length; k++) {
            final WsMessage m = table[k];
            if (m == null || m.isReleased()) {
                free = k;
                break;
            }
        }
        if (free < 0) {
            // Frames that arrived before a pause took effect (see HttpShardHandler.appendPastHandlerPause):
            // the in-flight count overshoots the bound by them; the table grows (allocation only then).
            free = table.length;
            table = java.util.Arrays.copyOf(table, table.length * 2);
        }
        final WsMessage m = new WsMessage(frame.messageOpcode() == WebSocketFrame.TEXT ? WsMessage.Kind.TEXT
            : WsMessage.Kind.BINARY, frame.fin(), session.detachPayload(frame), this);
        table[free] = m;
        inFlight.incrementAndGet();
        sink.accept(m);
    }

    /** Any thread: a lease was released. */
    void released() {
        inFlight.decrementAndGet();
        if (paused) {
            waker.wake();
        }
    }

    /** Shard thread, in onWake: moves queued frames to the TX queue, then a requested close. */
    void service(WebSocketSession session) {
        drain(session);
        final Pending p = pending.get();
        if (p != null && trySendMessage(p.message)) { // the outbox has room now (drained above)
            pending.set(null);
            p.future.complete(null); // the stream's sink pulls its next element
            drain(session);
        }
        final int req = closeRequest.get();
        if (req != 0 && !closeHandled && outbox.isEmpty()) {
            closeHandled = true;
            if ((req & FAIL) != 0) {
                session.fail(req & 0xFFFF);
            } else {
                session.close(req & 0xFFFF, "");
            }
        }
    }

    /**
     * Shard thread, in onClose: the session is over; queued frames go back, and so do unreleased
     * leases — at once when the connection failed or the actor/stream is gone already; after the
     * peer's orderly close they stay readable until the actor stops or the stream ends
     * ({@link #holderGone()}), so the frames that came before the close can still be handled.
     */
    void end(int code, boolean byPeer) {
        ended = true; // after the last table write: holderGone() reads the table after reading this
        if (!byPeer || holderGone) {
            reclaimAll();
        }
        abortOutbox();
        failPending();
        final Consumer<WsEvent> s = sink;
        if (s != null) {
            s.accept(byPeer ? new WsEvent.PeerClosed(code) : new WsEvent.Failed(code));
        }
    }

    /**
     * Any thread: the session's actor stopped or its stream ended. Its leases are reclaimed now if
     * the connection is over, else when it ends (the caller closes or fails it).
     */
    void holderGone() {
        holderGone = true;
        // Dekker with end(): both write their flag, then read the other's (volatile, sequentially
        // consistent), so at least one of them reclaims; reclaiming twice is harmless (per-lease CAS).
        if (ended) {
            reclaimAll();
        }
    }

    private void reclaimAll() {
        for (int k = 0; k < table.length; k++) {
            final WsMessage m = table[k];
            if (m != null && m.reclaim()) {
                reclaimed.incrementAndGet();
            }
        }
    }

    private void drain(WebSocketSession session) {
        final Io io = session.io();
        WsMessage m;
        // Leave two TX entries for the server's own frames (pong, close); when the queue is that full
        // the shard has flagged it and reports WRITABLE later, which services this connection again.
        // The frames go into the session's TX slot (shared by consecutive frames, sent at the end of
        // the shard's call), after anything written before them: order is kept.
        while (io.sendQueueRemaining(conn) > 2 && (m = outbox.poll()) != null) {
            try {
                if (!session.closeSent()) {
                    session.send(m.isText() ? WebSocketFrame.TEXT : WebSocketFrame.BINARY, true, m.buffer(), 0, m.length());
                }
            } finally {
                m.release(); // a forwarded lease: its bytes are in the TX slot now
            }
        }
    }

    private void failPending() {
        final Pending p = pending.getAndSet(null);
        if (p != null) {
            p.message.release();
            p.future.completeExceptionally(new WebSocketSessionException(1006, "WebSocket session is over"));
        }
    }

    private void abortOutbox() {
        for (WsMessage m; (m = outbox.poll()) != null; ) {
            m.release();
        }
    }
}

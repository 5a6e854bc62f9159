package io.zeroio.protocol.http.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.zeroio.protocol.http.parse.DetachedHttpRequest;
import io.zeroio.protocol.http.response.HttpDate;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.shard.IoHandle;

/**
 * A request handed over to be answered later, from any thread (the seed's {@code run_async}):
 * the request stays in its receive slot (a reference plus a copy of the offset table, no byte
 * copy: {@link #request()}), and the response is written once into TX slots taken from the
 * shard's pools on the answering thread ({@link #response()}, then {@link #complete()}, or
 * {@link #reply(ZeroHttpReply)}). The shard then sends those slots in order and goes on with the
 * connection's pipelined requests, which wait meanwhile (their order is kept; the connection's
 * receives are paused).
 *
 * <pre>{@code
 * router.get("/slow", (req, res) -> {
 *     HttpExchange ex = HttpExchange.defer(res);           // on the shard, inside the handler
 *     executor.execute(() -> ex.reply(ZeroHttpReply.ok("done")));   // any thread, later
 * });
 * }</pre>
 *
 * <h2>Lifetime</h2>
 * Exactly one of {@link #complete()}, {@link #reply}, {@link #fail} ends the exchange (a second
 * call returns false and changes nothing — but only until the shard re-arms the object for the
 * connection's next deferred request, so answer once); the
 * request slot is released exactly once, by that call or by the shard when it gives up:
 * the {@code request-timeout} passed without an answer (the client gets {@code 503} and
 * {@code Connection: close}), or the connection went away. After that the request's bytes are no
 * longer this exchange's and a late answer is dropped (its slots released). Stop answering (e.g.
 * terminate the ActorSystem) before closing the server: a shard closes its pools when no slot is
 * held, and an answer still being written then would write into freed memory. One exchange object
 * per connection slot is reused for that connection's next deferred request: do not keep it
 * after answering.
 *
 * <h2>Memory ordering</h2>
 * The answering thread writes the slots and the slot list, then CASes the state from PENDING to
 * DONE (a volatile write: release) and offers this object to the shard's many-to-one queue
 * (release); the shard polls it (acquire) and so sees every byte before it hands the slots to the
 * kernel. A shard timeout CASes PENDING to ABANDONED: whichever CAS wins owns the request slot.
 * The completion observers middleware registered ({@code ZeroResponse.onComplete}) are moved into
 * this exchange's response and told by the shard only (when it sends the answer or gives up), so the
 * answering thread never touches them; the answer's status travels like the slots (written before
 * the CAS, read after the queue's poll).
 */
public final class HttpExchange {
    static final int FREE = 0;
    static final int PENDING = 1;
    static final int DONE = 2;
    static final int ABANDONED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(HttpExchange.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    private final ManyToOneConcurrentArrayQueue<HttpExchange> completions;
    private final IoHandle handle;
    private final Pools pools;
    private final int maxSlots;
    private final DetachedHttpRequest request;
    private final HttpDate date = new HttpDate();
    private final ZeroResponse response;
    private final Sink sink = new Sink();
    private final ZeroHttpRequest facet = new ZeroHttpRequest(this);
    private volatile int state;
    long conn;
    long since;
    boolean closeAfter;
    /** The status the answer carries (500 for a failed one): written before publish(), read by the shard after. */
    int answeredStatus;
    long[] slots = new long[4];
    int[] lengths = new int[4];
    int slotCount;
    private Object attachment;

    HttpExchange(int index, ManyToOneConcurrentArrayQueue<HttpExchange> completions, IoHandle handle, Pools pools,
                 int maxSlots, int maxHeaders, String serverHeader, int responseBuffer) {
        this.index = index;
        this.completions = completions;
        this.handle = handle;
        this.pools = pools;
        this.maxSlots = maxSlots;
        this.request = new DetachedHttpRequest(maxHeaders);
        this.response = new ZeroResponse(date, serverHeader, responseBuffer, sink);
    }

    /**
     * Defers the request {@code response} answers (call inside an inline {@link HttpHandler}, on
     * the shard): returns its exchange, to be answered from any thread.
     *
     * @throws IllegalStateException when the response was started or the server cannot defer
     */
    public static HttpExchange defer(ZeroResponse response) {
        return (HttpExchange) response.defer();
    }

    // ------------------------------------------------------------------ shard side

    /** Shard: arms this exchange for a request of {@code connection} (the request is attached by the caller). */
    DetachedHttpRequest arm(long connection, boolean headRequest, int versionMinor, boolean keepAlive, long now) {
        conn = connection;
        since = now;
        closeAfter = false;
        slotCount = 0;
        attachment = null;
        date.refresh(System.currentTimeMillis());
        response.open(null, connection, headRequest, versionMinor, keepAlive);
        STATE.setRelease(this, PENDING);
        return request;
    }

    /** Shard: the response the handler writes into (middleware headers are moved here). */
    ZeroResponse target() {
        return response;
    }

    /**
     * Shard: tells the observers middleware registered for this request ({@code ZeroResponse.onComplete})
     * the final status; returns how many threw. Only the shard touches the observers.
     */
    int notifyObservers(int status) {
        return response.notifyComplete(status);
    }

    /** Shard: gives up on a pending exchange; true when it won (and released the request). */
    boolean abandon() {
        if (STATE.compareAndSet(this, PENDING, ABANDONED)) {
            request.close();
            return true;
        }
        return false;
    }

    /** Shard: after its slots were sent or released. */
    void recycle() {
        slotCount = 0;
        attachment = null;
        STATE.setRelease(this, FREE);
    }

    /** Releases the collected slots (a dropped answer). */
    void releaseSlots() {
        for (int k = 0; k < slotCount; k++) {
            pools.release(slots[k]);
        }
        slotCount = 0;
    }

    int state() {
        return state;
    }

    // ------------------------------------------------------------------ any thread

    /** The connection this request came on. */
    public long connection() {
        return conn;
    }

    /** The request (valid until this exchange is answered or given up; one thread at a time). */
    public DetachedHttpRequest request() {
        return request;
    }

    /**
     * The response to write (status, headers, body; then {@link #complete()}): the same builder
     * as inline handlers use, writing into TX slots of the connection's shard, on this thread.
     * Headers queued by middleware on the shard are already in it.
     */
    public ZeroResponse response() {
        return response;
    }

    /** The read-only request facet the asynchronous serving modes hand on (same lifetime as {@link #request()}). */
    public ZeroHttpRequest asRequest() {
        return facet;
    }

    /** Whether the shard still waits for the answer. */
    public boolean isPending() {
        return state == PENDING;
    }

    /** Free use by the serving mode (e.g. the connection's stream); cleared for every request. */
    public Object attachment() {
        return attachment;
    }

    /** Sets {@link #attachment()}. */
    public void attachment(Object value) {
        attachment = value;
    }

    /** Writes {@code reply} and completes. */
    public boolean reply(ZeroHttpReply reply) {
        if (state != PENDING) {
            dropIfAbandoned();
            return false;
        }
        try {
            if (!response.isStarted()) {
                reply.writeTo(response);
            }
        } catch (RuntimeException e) {
            return fail(e);
        }
        return complete();
    }

    /**
     * Hands the written response to the shard: an unfinished one is completed (like an inline
     * handler's), none at all becomes 500 with a close. Releases the request.
     *
     * @return false when the shard gave up on this exchange already (timeout, connection gone):
     *         the answer was dropped
     */
    public boolean complete() {
        if (state != PENDING) {
            dropIfAbandoned();
            return false;
        }
        boolean written;
        try {
            if (!response.isStarted()) {
                response.closeConnection();
                response.send(500);
            } else {
                response.finish();
            }
            response.flush();
            written = !response.failed();
        } catch (RuntimeException e) {
            written = false;
        }
        answeredStatus = response.statusCode();
        if (!written) {
            drop(); // no slot (or too many): the shard closes the connection without this answer
            closeAfter = true;
            answeredStatus = 500;
        }
        if (!response.keepAlive()) {
            closeAfter = true;
        }
        return publish();
    }

    /**
     * Ends the exchange with a failure: 500 and a close when nothing was written yet, else just the
     * close (the client sees a truncated response). Releases the request.
     */
    public boolean fail(Throwable cause) {
        if (state != PENDING) {
            dropIfAbandoned();
            return false;
        }
        try {
            if (!response.isStarted()) {
                response.closeConnection();
                response.send(500);
                response.flush();
            } else {
                drop();
            }
        } catch (RuntimeException e) {
            drop();
        }
        closeAfter = true;
        answeredStatus = 500;
        return publish();
    }

    private boolean publish() {
        if (!STATE.compareAndSet(this, PENDING, DONE)) {
            drop(); // the shard gave up meanwhile and released the request
            return false;
        }
        request.close();
        // Capacity = the shard's connection count, and each connection has at most one exchange
        // in DONE-not-yet-drained: the offer cannot fail.
        completions.offer(this);
        handle.wake();
        return true;
    }

    /**
     * A late answer: when the shard gave up (ABANDONED, never reused) what this thread wrote is
     * released; when the exchange was answered already (DONE, or re-armed for the connection's next
     * request) nothing is touched — those slots are the shard's or the next answer's.
     */
    private void dropIfAbandoned() {
        if (state == ABANDONED) {
            drop();
        }
    }

    /** Releases everything written (the pending slot and the collected ones). */
    private void drop() {
        try {
            response.flush();
        } catch (RuntimeException ignored) {
            // nothing pending
        }
        response.clearFailure();
        releaseSlots();
    }

    @Override
    public String toString() {
        return "HttpExchange[conn " + conn + ", state " + state + "]";
    }

    /** Collects the filled slots (the shard sends them in order on completion). */
    private final class Sink implements ZeroResponse.TxSink {
        @Override
        public SendBuffer sendBuffer(int minSize) {
            // (A given-up exchange still writes, so writing never fails for that reason; complete()
            // then drops what was written.)
            return slotCount < maxSlots ? pools.acquireSendBuffer(minSize) : null;
        }

        @Override
        public boolean send(long connection, SendBuffer buffer) {
            if (slotCount == maxSlots) {
                buffer.abort();
                return false;
            }
            if (slotCount == slots.length) {
                slots = java.util.Arrays.copyOf(slots, slotCount * 2);
                lengths = java.util.Arrays.copyOf(lengths, slotCount * 2);
            }
            final int n = buffer.length();
            slots[slotCount] = buffer.take();
            lengths[slotCount++] = n;
            return true;
        }
    }
}

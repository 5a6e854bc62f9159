package io.zeroio.protocol.http.server;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.parse.HttpRequestParser;
import io.zeroio.protocol.http.response.HttpDate;
import io.zeroio.protocol.http.response.ZeroResponse;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketFrameDecoder;
import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.WebSocketSession;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflate;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation;
import io.zeroio.protocol.http.websocket.WebSocketWaker;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.shard.Event;
import io.zeroio.runtime.shard.InlineHandler;
import io.zeroio.runtime.shard.Io;

/**
 * The HTTP/1.1 server of one shard, as an {@link InlineHandler}: requests are parsed in the
 * receive slot and answered inline by an {@link HttpHandler} into TX slots, on the shard thread.
 *
 * <h2>Per connection</h2>
 * Keep-alive and pipelining: every complete request in a receive is answered in order; the
 * responses of one receive share TX slots and leave in one send. A request that straddles
 * receives is gathered in a per-connection <em>scratch slot</em> (a pool slot: the one copy of
 * the HTTP path, counted in {@link HttpServerStats#straddleBytes()}); requests that arrive whole
 * are never copied. When a connection's TX queue is three quarters full, reading it pauses
 * ({@code pauseReceive}: the TCP window pushes back) and the unread requests wait in scratch
 * until the shard reports the connection {@code WRITABLE}.
 *
 * <h2>Refusals</h2>
 * A request the parser refuses gets its status (400, 413, 414, 417, 431, 501, 505) with
 * {@code Connection: close}, then the connection closes gracefully (FIN after the response,
 * {@code close-linger} for the client's FIN). A request not complete within
 * {@code request-timeout} of its first byte gets 408 and the close (slowloris); an idle keep-alive
 * connection is closed after {@code idle-timeout}. Both are checked by one shard timer tick, which
 * also refreshes the cached {@code Date}.
 *
 * <h2>Other threads</h2>
 * WebSocket handlers that hand frames to other threads (actor and stream sessions) wake their
 * connection through a {@link WebSocketWaker}: a lock-free queue the shard drains in
 * {@link #afterPoll} (after each poll's events), where it resumes a connection whose handler
 * refused frames ({@link WebSocketHandler#acceptsFrames}) and calls {@link WebSocketHandler#onWake}.
 * <h2>Deferred responses</h2>
 * A handler may hand its request over to be answered later from any thread
 * ({@link HttpExchange#defer}): the request is detached without a byte copy into the
 * connection's reusable {@link HttpExchange}, the connection's receives pause and its pipelined
 * requests wait (in order) until the answer comes back through a many-to-one queue that
 * {@link #afterPoll} drains; the shard then sends its slots and goes on. No answer within
 * {@code request-timeout} gets {@code 503} and a close (the request slot is released then).
 *
 * <h2>Allocation</h2>
 * Per-connection state is struct-of-arrays sized by the shard's {@code maxConnections} and
 * allocated in {@link #onStart}; the request, parser and response are single flyweights; no
 * lambda, boxing or iterator runs per request (the 0 B/request test holds this).
 *
 * <p>Shard thread only, except {@link #stats()} which the shard thread must run too
 * (use {@code ShardRunner.call}).
 */
public class HttpShardHandler implements InlineHandler, ZeroResponse.Deferral {
    private static final int CLOSING = 1;
    private static final int CONTINUE_SENT = 1 << 1;
    private static final int BLOCKED = 1 << 2;
    private static final int HEAD_DONE = 1 << 3;
    private static final int LIVE = 1 << 4;
    private static final int PEER_DONE = 1 << 5;
    private static final int WEBSOCKET = 1 << 6;
    private static final int WS_CLOSE_SENT = 1 << 7;
    private static final int DEFERRED = 1 << 8;
    private static final int STREAMING = 1 << 9;
    private static final int DISCARD = 1 << 10;
    private static final int TX_WAIT = 1 << 11;
    /**
     * Sends a connection may have queued when a deferred answer has gone out before it serves its
     * next pipelined request: each deferred answer is a TX slot of its own (inline answers share one),
     * so without this bound 100 connections pipelining 16 requests queue 1 600 slots and exhaust the
     * TX tier (the cascade then sheds sends and connections fail).
     */
    private static final int DEFERRED_TX_LIMIT = 4;
    private static final int NOT_STREAMED = -2;
    private static final int CLOSED = -1;
    private static final int MIN_SCRATCH = 4096;

    private final HttpServerConfig config;
    private final HttpHandler handler;
    private final HttpRequestParser parser;
    private final HttpRequest request;
    private final HttpDate date = new HttpDate();
    private final ZeroResponse response;
    private final Duration linger;
    private final long tickNanos;
    private final InetSocketAddress listenAddress;
    private final boolean reusePort;

    private int endpoint = -1;
    private long tickTimer = -1;
    private int txQuarter;
    private int maxScratch;
    private long[] connId;
    private int[] flags;
    private long[] scratch;
    private int[] scratchLength;
    private long[] requestStart;
    private long[] lastActive;
    private WebSocketHandler[] wsHandler;
    private WebSocketFrameDecoder[] wsDecoder;
    private PerMessageDeflate[] wsDeflate;
    private final WebSocketFrame wsFrame = new WebSocketFrame();
    private final UnsafeBuffer wsView = new UnsafeBuffer(0, 0);
    private final WebSocketSession session;
    /** Connections other threads asked to service ({@link WebSocketWaker}); drained in {@link #afterPoll}. */
    private final ManyToOneConcurrentLinkedQueue<WebSocketWaker> attention = new ManyToOneConcurrentLinkedQueue<>();
    private HttpExchange[] exchanges;
    private ManyToOneConcurrentArrayQueue<HttpExchange> completions;
    private io.zeroio.runtime.shard.IoHandle ioHandle;
    private int servingIndex = -1;
    private long servingConn;
    private HttpExchange deferredNow;
    private HttpConnectionListener connectionListener;
    private long deferred;
    private long deferredTimeouts;
    private BodyStream[] bodyStreams;
    private io.zeroio.protocol.http.parse.ChunkedStreamDecoder[] chunkDecoders;
    private ManyToOneConcurrentArrayQueue<BodyStream> resumes;
    private final UnsafeBuffer streamView = new UnsafeBuffer(0, 0);
    private long streamedBodies;
    private long streamedBytes;

    private boolean framesPastPause;
    private long requests;
    private long refused;
    private long timeouts;
    private long idleClosed;
    private long handlerErrors;
    private long straddles;
    private long straddleBytes;
    private long pipelinePauses;
    private long sendFailures;
    private long continues;
    private long internalErrors;

    /**
     * A server answering with {@code handler}; listens on {@code address} in {@link #onStart}
     * (null: the caller listens on the shard itself).
     *
     * @param reusePort SO_REUSEPORT, for several shards on one port
     */
    public HttpShardHandler(HttpServerConfig config, HttpHandler handler, InetSocketAddress address, boolean reusePort) {
        this.config = config;
        this.handler = handler;
        this.parser = new HttpRequestParser(config);
        this.request = new HttpRequest(config.maxHeaders());
        this.response = new ZeroResponse(date, config.serverHeader(), config.responseBufferBytes());
        this.linger = Duration.ofNanos(config.closeLingerNanos());
        this.session = new WebSocketSession(response);
        this.tickNanos = Math.max(10_000_000L, Math.min(1_000_000_000L,
            Math.min(config.requestTimeoutNanos(), config.idleTimeoutNanos()) / 4));
        this.listenAddress = address;
        this.reusePort = reusePort;
    }

    @Override
    public void onStart(Io io) throws Exception {
        final int n = io.config().maxConnections();
        connId = new long[n];
        flags = new int[n];
        scratch = new long[n];
        scratchLength = new int[n];
        requestStart = new long[n];
        lastActive = new long[n];
        wsHandler = new WebSocketHandler[n];
        wsDecoder = new WebSocketFrameDecoder[n];
        wsDeflate = new PerMessageDeflate[n];
        response.webSocketDeflate(config.websocketDeflate());
        session.bindShard(new Object[n], new WebSocketWaker[n], attention);
        exchanges = new HttpExchange[n];
        completions = new ManyToOneConcurrentArrayQueue<>(Math.max(64, n));
        resumes = new ManyToOneConcurrentArrayQueue<>(Math.max(64, n));
        bodyStreams = new BodyStream[n];
        chunkDecoders = new io.zeroio.protocol.http.parse.ChunkedStreamDecoder[n];
        ioHandle = io.handle();
        response.deferral(this);
        txQuarter = io.config().txQueueDepth() / 4;
        final var pools = io.pools();
        maxScratch = pools.tier(pools.tierCount() - 1).slotSize();
        if (listenAddress != null) {
            endpoint = io.tcpListen(listenAddress, 1024, reusePort);
        }
        tickTimer = io.scheduleTimer(io.nanoTime() + tickNanos);
    }

    /**
     * Tells {@code listener} of every connection's open and close (shard thread; set before the
     * shard starts). Serving modes keep per-connection state (a stream, an actor) with it.
     */
    public HttpShardHandler connectionListener(HttpConnectionListener listener) {
        this.connectionListener = listener;
        return this;
    }

    /** The listening endpoint (shard thread), or -1. */
    public int endpoint() {
        return endpoint;
    }

    /** The cached Date value (shard thread). */
    public HttpDate date() {
        return date;
    }

    @Override
    public void onEvent(Io io, Event event) {
        try {
            switch (event.type()) {
                case ACCEPTED -> accepted(io, event.conn());
                case DATA -> data(io, event);
                case PEER_CLOSED -> peerClosed(io, event.conn());
                case DISCONNECTED -> disconnected(io, event.conn());
                case WRITABLE -> writable(io, event.conn());
                case TIMER -> {
                    if (event.timerId() == tickTimer) {
                        tick(io);
                    }
                }
                default -> {
                    // RESET and ERROR: a DISCONNECTED follows and frees the state
                }
            }
        } catch (RuntimeException e) {
            // A bug must cost one connection, not the shard and every connection on it.
            internalErrors++;
            final long conn = event.conn();
            if (conn != 0 && mine(conn)) {
                failed(io, (int) conn, conn);
            }
        }
    }

    @Override
    public void onStop(Io io) {
        response.flush();
        for (int i = 0; i < connId.length; i++) {
            if ((flags[i] & LIVE) != 0) {
                endWebSocket(io, i, connId[i], 1001); // the server goes away: sessions learn it (and give slots back)
            }
            releaseScratch(io, i);
            if (wsDeflate[i] != null) {
                wsDeflate[i].end(io);
                wsDeflate[i].close(); // zlib's native memory
                wsDeflate[i] = null;
            }
            failStream(i);
            final HttpExchange ex = exchanges[i];
            if (ex != null && (flags[i] & DEFERRED) != 0 && ex.abandon()) {
                exchanges[i] = null;
                internalErrors += ex.notifyObservers(0); // no answer will be sent
            }
            if ((flags[i] & LIVE) != 0 && connectionListener != null) {
                try {
                    connectionListener.closed(connId[i]); // the shard closes: its connections go with it
                } catch (RuntimeException e) {
                    internalErrors++;
                }
            }
        }
        for (HttpExchange ex; (ex = completions.poll()) != null; ) {
            ex.releaseSlots();
            internalErrors += ex.notifyObservers(0);
            ex.recycle();
        }
        response.flush(); // anything a session's onClose still wrote
    }

    // ------------------------------------------------------------------ deferred responses

    @Override
    public Object defer(ZeroResponse r) {
        if (r != response || servingIndex < 0 || deferredNow != null) {
            throw new IllegalStateException("defer() only inside a handler call, once per request");
        }
        final int i = servingIndex;
        HttpExchange ex = exchanges[i];
        if (ex == null || ex.state() != HttpExchange.FREE) {
            // first deferral on this connection slot, or the previous exchange was given up and may still be held
            ex = new HttpExchange(i, completions, ioHandle, ioHandle.shard().pools(),
                Math.max(1, ioHandle.shard().config().txQueueDepth() / 2), config.maxHeaders(),
                config.serverHeader(), config.responseBufferBytes());
            exchanges[i] = ex;
        }
        request.detachInto(ex.arm(servingConn, request.method() == HttpMethod.HEAD, request.versionMinor(),
            request.isKeepAlive(), ioHandle.shard().nanoTime()));
        response.moveQueuedHeadersTo(ex.target());
        deferredNow = ex;
        return ex;
    }

    @Override
    public void afterPoll(Io io) {
        serviceWebSocketWakers(io);
        if (!resumes.isEmpty()) {
            for (BodyStream bs; (bs = resumes.poll()) != null; ) {
                final long conn = bs.conn;
                if (mine(conn) && bodyStreams[bs.index] == bs
                    && (flags[bs.index] & (STREAMING | DISCARD | CLOSING)) == STREAMING) {
                    io.resumeReceive(conn); // the consumer caught up with the streamed body
                }
            }
        }
        if (completions.isEmpty()) {
            return;
        }
        for (HttpExchange ex; (ex = completions.poll()) != null; ) {
            try {
                finishExchange(io, ex);
            } catch (RuntimeException e) {
                internalErrors++;
                ex.releaseSlots();
                internalErrors += ex.notifyObservers(0); // (told already when the failure came after the send)
                final long conn = ex.conn;
                if (mine(conn)) {
                    failed(io, (int) conn, conn);
                }
            }
        }
        response.flush();
        response.clearFailure();
    }

    /** Sends a completed exchange's slots and resumes its connection. */
    private void finishExchange(Io io, HttpExchange ex) {
        final long conn = ex.conn;
        final int i = ex.index;
        if (!mine(conn) || exchanges[i] != ex || (flags[i] & (DEFERRED | CLOSING)) != DEFERRED) {
            ex.releaseSlots(); // the connection went away meanwhile
            internalErrors += ex.notifyObservers(0);
            ex.recycle();
            return;
        }
        flags[i] &= ~DEFERRED;
        response.flush(); // earlier pipelined answers of this connection first
        boolean sent = true;
        for (int k = 0; k < ex.slotCount; k++) {
            final long h = ex.slots[k];
            final SlotPool pool = io.pools().poolOf(h);
            if (!sent) {
                pool.release(h);
                continue;
            }
            sent = io.send(conn, pool.sendBuffer(h).length(ex.lengths[k]));
        }
        final boolean close = ex.closeAfter;
        ex.slotCount = 0;
        // middleware observers (trace) learn the answer's status now that it is handed to the connection
        internalErrors += ex.notifyObservers(sent ? ex.answeredStatus : 0);
        ex.recycle();
        lastActive[i] = io.nanoTime();
        if (!sent) {
            failed(io, i, conn);
        } else if (close) {
            closeConnection(io, i, conn);
        } else if ((flags[i] & STREAMING) != 0) {
            // answered before the body ended: the rest of the body is read and dropped, then the
            // connection goes on (a consumer still reading sees the stream fail)
            bodyStreams[i].fail();
            flags[i] |= DISCARD;
            io.resumeReceive(conn);
        } else if (txQueued(io, conn) > DEFERRED_TX_LIMIT) {
            flags[i] |= TX_WAIT; // served again when its sends drained (writable -> resumeDrained)
            io.requestWritable(conn);
        } else {
            resumeConnection(io, i, conn);
        }
        afterEvent(io, i, conn);
    }

    private static int txQueued(Io io, long conn) {
        return io.config().txQueueDepth() - io.sendQueueRemaining(conn);
    }

    /**
     * A connection held back after a deferred answer ({@code TX_WAIT}) is served again once its sends
     * drained to half the bound; until then it asks for the next send completion's WRITABLE again.
     */
    private void resumeDrained(Io io, int i, long conn) {
        if (txQueued(io, conn) > DEFERRED_TX_LIMIT / 2) {
            io.requestWritable(conn);
            return;
        }
        flags[i] &= ~TX_WAIT;
        resumeConnection(io, i, conn);
    }

    /** Serves what waited in scratch, then reads again (or closes when the peer is done). */
    private void resumeConnection(Io io, int i, long conn) {
        if ((flags[i] & STREAMING) != 0) {
            return; // the body's receives run; what follows it is served when it ends
        }
        if (scratch[i] != 0) {
            processScratch(io, i, conn);
        }
        if ((flags[i] & (BLOCKED | CLOSING | DEFERRED)) == 0) {
            if ((flags[i] & PEER_DONE) != 0) {
                closeConnection(io, i, conn);
            } else {
                io.resumeReceive(conn);
            }
        }
    }

    /**
     * Gives up the connection's deferred request; {@code status}: what its observers are told (0: no
     * answer goes out). When the answer won the race (DONE, queued) finishExchange tells them instead.
     */
    private void abandonExchange(int i, int status) {
        if ((flags[i] & DEFERRED) == 0) {
            return;
        }
        flags[i] &= ~DEFERRED;
        final HttpExchange ex = exchanges[i];
        if (ex != null && ex.abandon()) {
            exchanges[i] = null; // the answering thread may still hold it: never reuse
            internalErrors += ex.notifyObservers(status);
        }
    }

    /** Tells the observers registered on the shard's response (an answer made inline) the status sent. */
    private void notifyInline(int status) {
        if (response.hasObservers()) {
            internalErrors += response.notifyComplete(status);
        }
    }

    // ------------------------------------------------------------------ connection lifecycle

    private void accepted(Io io, long conn) {
        final int i = (int) conn;
        connId[i] = conn;
        flags[i] = LIVE;
        scratch[i] = 0;
        scratchLength[i] = 0;
        requestStart[i] = 0;
        lastActive[i] = io.nanoTime();
        if (connectionListener != null) {
            connectionListener.opened(conn);
        }
    }

    private boolean mine(long conn) {
        final int i = (int) conn;
        return i >= 0 && i < connId.length && connId[i] == conn && (flags[i] & LIVE) != 0;
    }

    private void disconnected(Io io, long conn) {
        if (mine(conn)) {
            final int i = (int) conn;
            releaseScratch(io, i);
            endWebSocket(io, i, conn, 1006); // no close frame came: abnormal closure (RFC 6455 §7.1.5)
            failStream(i);
            abandonExchange(i, 0);
            flags[i] = 0;
            connId[i] = 0;
            if (connectionListener != null) {
                connectionListener.closed(conn);
            }
        }
    }

    private void peerClosed(Io io, long conn) {
        if (!mine(conn)) {
            return;
        }
        final int i = (int) conn;
        if ((flags[i] & CLOSING) != 0) {
            return;
        }
        if ((flags[i] & STREAMING) != 0) {
            failStream(i); // the body can never complete
            if ((flags[i] & DEFERRED) == 0) {
                closeConnection(io, i, conn);
                return;
            }
        }
        if ((flags[i] & (BLOCKED | DEFERRED)) != 0) {
            flags[i] |= PEER_DONE; // requests wait in scratch for the TX queue or an answer: answer them, then close
            return;
        }
        // Answers to every complete request were written already; a partial one can never complete.
        endWebSocket(io, i, conn, 1006);
        closeConnection(io, i, conn);
    }

    private void closeConnection(Io io, int i, long conn) {
        response.flush();
        failStream(i);
        flags[i] |= CLOSING;
        releaseScratch(io, i);
        requestStart[i] = 0;
        io.closeGraceful(conn, linger);
    }

    private void writable(Io io, long conn) {
        if (!mine(conn)) {
            return;
        }
        final int i = (int) conn;
        if ((flags[i] & (BLOCKED | CLOSING)) == BLOCKED) {
            unblock(io, i, conn);
        }
        if ((flags[i] & (TX_WAIT | CLOSING)) == TX_WAIT) {
            resumeDrained(io, i, conn);
        }
        if ((flags[i] & (WEBSOCKET | CLOSING)) == WEBSOCKET) {
            wake(io, i, conn); // the TX queue drained: frames other threads queued may go now
        }
        afterEvent(io, i, conn);
    }

    /** Drains the connections other threads woke ({@link WebSocketWaker}); nothing to do costs one read. */
    private void serviceWebSocketWakers(Io io) {
        if (attention.isEmpty()) {
            return;
        }
        for (WebSocketWaker w; (w = attention.poll()) != null; ) {
            w.claimForService(); // before servicing: a wake from now on enqueues again (see WebSocketWaker)
            final long conn = w.connection();
            if (!mine(conn)) {
                continue; // that connection ended
            }
            final int i = (int) conn;
            try {
                if ((flags[i] & (BLOCKED | CLOSING)) == BLOCKED) {
                    unblock(io, i, conn); // e.g. a handler that refused frames (acceptsFrames) takes them again
                }
                if ((flags[i] & (WEBSOCKET | CLOSING)) == WEBSOCKET) {
                    wake(io, i, conn);
                }
            } catch (RuntimeException e) {
                internalErrors++;
                failed(io, i, conn);
            }
            afterEvent(io, i, conn);
        }
    }

    private void wake(Io io, int i, long conn) {
        final WebSocketHandler h = wsHandler[i];
        if (h == null) {
            return;
        }
        try {
            h.onWake(session.wrap(io, conn, (flags[i] & WS_CLOSE_SENT) != 0));
        } catch (RuntimeException e) {
            handlerErrors++;
            failWebSocket(io, i, conn, 1011);
            return;
        }
        afterHandler(io, i, conn);
    }

    /** Applies what a handler call asked of the session (close sent, fail); false when the connection ends. */
    private boolean afterHandler(Io io, int i, long conn) {
        if (session.closeSent()) {
            flags[i] |= WS_CLOSE_SENT;
        }
        if (session.failCode() != 0) {
            failWebSocket(io, i, conn, session.failCode());
            return false;
        }
        return true;
    }

    private void unblock(Io io, int i, long conn) {
        flags[i] &= ~BLOCKED;
        if ((flags[i] & DEFERRED) != 0) {
            return; // the answer's completion resumes the connection
        }
        try {
            resumeConnection(io, i, conn);
        } catch (RuntimeException e) {
            failed(io, i, conn);
        }
    }

    // ------------------------------------------------------------------ receiving

    private void data(Io io, Event event) {
        final long conn = event.conn();
        if (!mine(conn)) {
            return;
        }
        final int i = (int) conn;
        if ((flags[i] & CLOSING) != 0) {
            return; // answered and closing: the rest is discarded (the slot returns at the next poll)
        }
        lastActive[i] = io.nanoTime();
        try {
            if ((flags[i] & STREAMING) != 0 && scratch[i] == 0) {
                streamData(io, i, conn, event);
            } else if (scratch[i] != 0) {
                if (!append(io, i, event.address(), event.length()) && !appendPastHandlerPause(io, i, conn, event)) {
                    if ((flags[i] & WEBSOCKET) != 0) {
                        failWebSocket(io, i, conn, WebSocketFrameDecoder.MESSAGE_TOO_BIG);
                    } else {
                        refuse(io, i, conn, (flags[i] & HEAD_DONE) != 0 ? 413 : 431);
                    }
                } else if ((flags[i] & (BLOCKED | DEFERRED)) == 0) {
                    processScratch(io, i, conn);
                }
            } else {
                final long slot = event.slot();
                final SlotPool pool = io.pools().poolOf(slot);
                final int consumed = process(io, i, conn, event.address(), event.length(), pool, slot, event.offset());
                if (consumed != CLOSED && consumed < event.length()) {
                    keepRest(io, i, conn, event.address() + consumed, event.length() - consumed);
                }
            }
        } catch (RuntimeException e) {
            failed(io, i, conn);
        }
        afterEvent(io, i, conn);
    }

    /**
     * A WebSocket handler paused the receives (acceptsFrames false), but receives the kernel had
     * already completed keep arriving (io_uring cancels a multishot receive asynchronously) and the
     * scratch slot is full: hand the complete frames in scratch to the handler past its bound (its
     * in-flight count overshoots by what had arrived) and append again. False when that does not help.
     */
    private boolean appendPastHandlerPause(Io io, int i, long conn, Event event) {
        if ((flags[i] & (WEBSOCKET | BLOCKED | CLOSING)) != (WEBSOCKET | BLOCKED) || io.sendQueueRemaining(conn) <= txQuarter) {
            return false;
        }
        framesPastPause = true;
        try {
            processScratch(io, i, conn);
        } finally {
            framesPastPause = false;
        }
        if ((flags[i] & CLOSING) != 0) {
            return true; // the connection ended meanwhile: the rest is discarded
        }
        return scratch[i] == 0 ? keepRestAfterPause(io, i, conn, event) : append(io, i, event.address(), event.length());
    }

    private boolean keepRestAfterPause(Io io, int i, long conn, Event event) {
        keepRest(io, i, conn, event.address(), event.length());
        return scratch[i] != 0 || (flags[i] & CLOSING) != 0;
    }

    private void afterEvent(Io io, int i, long conn) {
        response.flush();
        if (response.failed()) {
            response.clearFailure();
            sendFailures++;
            if ((flags[i] & LIVE) != 0 && connId[i] == conn) {
                flags[i] |= CLOSING;
                releaseScratch(io, i);
                io.close(conn);
            }
        }
    }

    private void failed(Io io, int i, long conn) {
        sendFailures++;
        response.flush();
        response.clearFailure();
        failStream(i);
        flags[i] |= CLOSING;
        releaseScratch(io, i);
        io.close(conn);
    }

    /**
     * Serves every complete request in {@code length} bytes at {@code address}.
     *
     * @return bytes consumed, or {@link #CLOSED} when the connection is closing
     */
    private int process(Io io, int i, long conn, long address, int length, SlotPool pool, long slot, int slotOffset) {
        int pos = 0;
        while (pos < length) {
            if ((flags[i] & DEFERRED) != 0) {
                return pos; // pipelined requests wait behind the deferred one (kept in scratch)
            }
            if (io.sendQueueRemaining(conn) <= txQuarter) {
                // Pipelining back-pressure: the queue is 3/4 full, so the shard flagged the connection
                // and will report WRITABLE when it drains to half (Io.enqueueSend/sendDone).
                flags[i] |= BLOCKED;
                pipelinePauses++;
                io.pauseReceive(conn);
                return pos;
            }
            if ((flags[i] & WEBSOCKET) != 0) {
                final WebSocketHandler h = wsHandler[i];
                if (h != null && !framesPastPause && !h.acceptsFrames(session.wrap(io, conn, (flags[i] & WS_CLOSE_SENT) != 0))) {
                    // The handler has as many frames in flight as it takes: stop reading (the rest of
                    // this receive waits in scratch) until it wakes the connection (afterPoll -> unblock).
                    flags[i] |= BLOCKED;
                    io.pauseReceive(conn);
                    return pos;
                }
                final int w = webSocketFrame(io, i, conn, address + pos, length - pos, pool, slot);
                if (w == CLOSED) {
                    return CLOSED;
                }
                if (w == 0) {
                    return pos;
                }
                pos += w;
                continue;
            }
            request.wrap(address + pos, length - pos, pool, slot, slotOffset + pos);
            final int r = parser.parse(request);
            if (r > 0) {
                requestStart[i] = 0;
                flags[i] &= ~(CONTINUE_SENT | HEAD_DONE);
                if ((request.contentLength() > 0 || request.isChunked()) && handler.bodyStream(request) != null) {
                    // a streaming route whose whole body is here: streamed all the same (from the head on)
                    final int s = maybeStream(io, i, conn, address + pos, length - pos, pool, slot, slotOffset + pos, r);
                    if (s == CLOSED) {
                        return CLOSED;
                    }
                    pos += r;
                    continue;
                }
                if (!serve(io, i, conn)) {
                    return CLOSED;
                }
                pos += r;
            } else if (r == HttpRequestParser.NEED_MORE) {
                if (requestStart[i] == 0) {
                    requestStart[i] = io.nanoTime();
                }
                if (request.isHeadComplete()) {
                    flags[i] |= HEAD_DONE;
                    final int s = maybeStream(io, i, conn, address + pos, length - pos, pool, slot, slotOffset + pos, 0);
                    if (s == CLOSED) {
                        return CLOSED;
                    }
                    if (s != NOT_STREAMED) {
                        pos += s;
                        continue;
                    }
                    request.wrap(address + pos, length - pos, pool, slot, slotOffset + pos);
                    parser.parse(request);
                    if (request.headLength() + Math.max(0, request.contentLength()) > maxScratch) {
                        refuse(io, i, conn, 413);
                        return CLOSED;
                    }
                    if (request.expectsContinue() && (flags[i] & CONTINUE_SENT) == 0) {
                        flags[i] |= CONTINUE_SENT;
                        continues++;
                        response.writeContinue(io, conn);
                    }
                }
                return pos;
            } else {
                if (r == -413) { // too large to be inline: a streaming route takes any size up to max-stream-body
                    final int s = maybeStream(io, i, conn, address + pos, length - pos, pool, slot, slotOffset + pos, 0);
                    if (s == CLOSED) {
                        return CLOSED;
                    }
                    if (s != NOT_STREAMED) {
                        pos += s;
                        continue;
                    }
                }
                refuse(io, i, conn, -r);
                return CLOSED;
            }
        }
        return pos;
    }

    // ------------------------------------------------------------------ streamed bodies

    /**
     * When the request at {@code address} has a body and its route streams it: starts the stream,
     * calls the route, feeds what of the body is here. Returns bytes consumed (head + body so far),
     * {@link #NOT_STREAMED}, or {@link #CLOSED}. {@code whole > 0}: the request was parsed whole
     * ({@code whole} bytes, a chunked body already de-chunked in place right after the head) and its
     * route streams (checked by the caller): its body is streamed as one run.
     */
    private int maybeStream(Io io, int i, long conn, long address, int length, SlotPool pool, long slot, int slotOffset,
                            int whole) {
        final int h;
        if (whole > 0) {
            h = request.headLength();
        } else {
            request.wrap(address, length, pool, slot, slotOffset);
            h = parser.parseHead(request);
            if (h <= 0 || !(request.contentLength() > 0 || request.isChunked())) {
                return NOT_STREAMED;
            }
        }
        final BodyStreamHandler sh = handler.bodyStream(request);
        if (sh == null) {
            return NOT_STREAMED;
        }
        final int wholeBody = request.bodyLength();
        BodyStream bs = bodyStreams[i];
        if (bs == null || !bs.isReusable()) {
            bs = new BodyStream(i, io.pools(), ioHandle, resumes, config.bodyStreamLeases(), io.config().rxBufferCount());
            bodyStreams[i] = bs;
        }
        bs.open(conn, whole > 0 ? wholeBody : request.isChunked() ? -1 : request.contentLength());
        if (whole == 0 && request.isChunked()) {
            if (chunkDecoders[i] == null) {
                chunkDecoders[i] = new io.zeroio.protocol.http.parse.ChunkedStreamDecoder(config.maxStreamBodyBytes(),
                    config.maxChunkExtensionBytes(), config.maxHeaderBytes());
            }
            chunkDecoders[i].reset();
        }
        requestStart[i] = 0;
        flags[i] |= STREAMING;
        flags[i] &= ~(DISCARD | HEAD_DONE);
        streamedBodies++;
        if (whole == 0 && request.expectsContinue() && (flags[i] & CONTINUE_SENT) == 0) {
            flags[i] |= CONTINUE_SENT;
            continues++;
            response.writeContinue(io, conn);
        }
        requests++;
        response.open(io, conn, request.method() == HttpMethod.HEAD, request.versionMinor(), request.isKeepAlive());
        servingIndex = i;
        servingConn = conn;
        try {
            sh.onRequest(request, response, bs);
            servingIndex = -1;
            final HttpExchange ex = deferredNow;
            if (ex != null) {
                deferredNow = null;
                deferred++;
                flags[i] |= DEFERRED; // receives go on: the body keeps arriving while the answer waits
                response.moveObserversTo(ex.target()); // told when the answer is sent
            } else {
                bs.fail(); // answered inline: the rest of the body is read and dropped
                flags[i] |= DISCARD;
                if (!response.isStarted()) {
                    handlerErrors++;
                    response.closeConnection();
                    response.send(500);
                } else {
                    response.finish();
                }
                notifyInline(response.statusCode());
                if (!response.keepAlive()) {
                    closeConnection(io, i, conn);
                    return CLOSED;
                }
            }
        } catch (RuntimeException e) {
            servingIndex = -1;
            if (deferredNow != null) {
                deferredNow = null;
                flags[i] |= DEFERRED;
                abandonExchange(i, 500);
            }
            handlerErrors++;
            if (!response.isStarted()) {
                response.closeConnection();
                response.send(500);
            }
            notifyInline(500);
            closeConnection(io, i, conn);
            return CLOSED;
        }
        if (whole > 0) {
            final int fed = feed(io, i, conn, pool, slot, address + h, wholeBody);
            return fed == CLOSED ? CLOSED : whole;
        }
        final int fed = feed(io, i, conn, pool, slot, address + h, length - h);
        return fed == CLOSED ? CLOSED : h + fed;
    }

    /** A receive while a body streams: the body's part goes to the stream, what follows is served or waits. */
    private void streamData(Io io, int i, long conn, Event event) {
        final long slot = event.slot();
        final SlotPool pool = io.pools().poolOf(slot);
        final int length = event.length();
        final int fed = feed(io, i, conn, pool, slot, event.address(), length);
        if (fed == CLOSED || fed == length) {
            return;
        }
        final long rest = event.address() + fed;
        if ((flags[i] & DEFERRED) != 0) {
            keepRest(io, i, conn, rest, length - fed); // pipelined behind the deferred answer
            return;
        }
        final int consumed = process(io, i, conn, rest, length - fed, pool, slot, event.offset() + fed);
        if (consumed != CLOSED && consumed < length - fed) {
            keepRest(io, i, conn, rest + consumed, length - fed - consumed);
        }
    }

    /**
     * Hands the body bytes among {@code length} at {@code address} (in {@code slot}) to the stream;
     * returns the bytes that belonged to the body, or {@link #CLOSED}.
     */
    private int feed(Io io, int i, long conn, SlotPool pool, long slot, long address, int length) {
        final BodyStream bs = bodyStreams[i];
        int pos;
        boolean ended;
        if (bs.expected >= 0) {
            pos = (int) Math.min(bs.expected - bs.received, length);
            if (pos > 0 && !deliver(io, i, conn, bs, slot, address, pos)) {
                return CLOSED;
            }
            ended = bs.received == bs.expected;
        } else {
            final io.zeroio.protocol.http.parse.ChunkedStreamDecoder d = chunkDecoders[i];
            streamView.wrap(address, length);
            pos = 0;
            while (pos < length && !d.isDone()) {
                final int r = d.step(streamView, pos, length);
                if (r < 0) {
                    streamRefused(io, i, conn, -r);
                    return CLOSED;
                }
                if (d.dataLength() > 0 && !deliver(io, i, conn, bs, slot, address + d.dataOffset(), d.dataLength())) {
                    return CLOSED;
                }
                pos = r;
            }
            ended = d.isDone();
        }
        final HttpExchange ex = exchanges[i];
        if (ex != null && (flags[i] & DEFERRED) != 0) {
            ex.since = io.nanoTime(); // the request timeout counts from the body's last progress
        }
        if (ended) {
            flags[i] &= ~(STREAMING | DISCARD);
            bs.complete();
            if ((flags[i] & DEFERRED) != 0) {
                io.pauseReceive(conn); // pipelined requests wait for the answer
            } else {
                io.resumeReceive(conn);
            }
        }
        return pos;
    }

    /** One run of body bytes to the consumer (or dropped in discard mode); false when the connection closed. */
    private boolean deliver(Io io, int i, long conn, BodyStream bs, long slot, long address, int n) {
        streamedBytes += n;
        if ((flags[i] & DISCARD) != 0) {
            bs.received += n;
            return true;
        }
        if (!bs.hasRoom()) {
            streamRefused(io, i, conn, 503); // the consumer fell far behind even though receives paused
            return false;
        }
        if (bs.offer(slot, address, n)) {
            // Pause, then look again: a consumer that released meanwhile either saw the pause flag
            // (and queued a resume) or released before it (then resume here). Both sides write
            // before they read (volatile), so one of them sees the other.
            bs.markPaused();
            io.pauseReceive(conn);
            if (bs.caughtUp() && bs.unpause()) {
                io.resumeReceive(conn);
            }
        }
        return true;
    }

    /** A streamed body the server refuses midway (malformed chunking, too large, consumer stuck). */
    private void streamRefused(Io io, int i, long conn, int status) {
        if ((flags[i] & DEFERRED) != 0) {
            // Give up the exchange before failing the stream: a consumer seeing the failure first
            // would answer, and that answer would then race this refusal.
            final HttpExchange ex = exchanges[i];
            if (ex == null || !ex.abandon()) {
                // answered already (the completion is queued, DONE: the worker is done with it):
                // send that answer, then close; read nothing more
                failStream(i);
                if (ex != null) {
                    ex.closeAfter = true;
                }
                io.pauseReceive(conn);
                return;
            }
            exchanges[i] = null;
            flags[i] &= ~DEFERRED;
            internalErrors += ex.notifyObservers(status);
        }
        failStream(i);
        refuse(io, i, conn, status);
    }

    private void failStream(int i) {
        if ((flags[i] & STREAMING) != 0) {
            flags[i] &= ~(STREAMING | DISCARD);
            bodyStreams[i].fail();
        }
    }

    /** Calls the handler; false when the connection closes after this response. */
    private boolean serve(Io io, int i, long conn) {
        requests++;
        response.open(io, conn, request.method() == HttpMethod.HEAD, request.versionMinor(), request.isKeepAlive());
        servingIndex = i;
        servingConn = conn;
        try {
            handler.handle(request, response);
            final HttpExchange ex = deferredNow;
            if (ex != null) {
                deferredNow = null;
                servingIndex = -1;
                deferred++;
                flags[i] |= DEFERRED;
                // Observers (trace) registered during the handler call travel with the exchange and are
                // told on this thread when the answer is sent (finishExchange) or given up. Moving them
                // now is safe even if another thread already answered: completions are drained only in
                // afterPoll, on this thread, after this returns.
                response.moveObserversTo(ex.target());
                io.pauseReceive(conn); // pipelined requests wait; the answer resumes reading
                return true;
            }
            if (!response.isStarted()) {
                handlerErrors++;
                response.closeConnection();
                response.send(500);
            } else {
                response.finish();
            }
            notifyInline(response.statusCode());
        } catch (ZeroResponse.ResponseBufferException e) {
            servingIndex = -1;
            if (deferredNow != null) {
                deferredNow = null;
                flags[i] |= DEFERRED;
                abandonExchange(i, 0);
            }
            notifyInline(0); // nothing is sent: the connection closes
            sendFailures++;
            flags[i] |= CLOSING;
            releaseScratch(io, i);
            response.flush();
            io.close(conn);
            return false;
        } catch (RuntimeException e) {
            servingIndex = -1;
            if (deferredNow != null) { // deferred, then threw: the exchange is given up, 500
                deferredNow = null;
                flags[i] |= DEFERRED;
                abandonExchange(i, 500);
            }
            handlerErrors++;
            if (!response.isStarted()) {
                response.closeConnection();
                response.send(500);
            }
            notifyInline(500);
            closeConnection(io, i, conn);
            return false;
        }
        servingIndex = -1;
        if (!response.keepAlive()) {
            closeConnection(io, i, conn);
            return false;
        }
        final int extensions = response.takeUpgradeExtensions();
        final WebSocketHandler upgraded = response.takeUpgrade();
        if (upgraded != null) {
            startWebSocket(io, i, conn, upgraded, extensions);
        }
        return (flags[i] & CLOSING) == 0;
    }

    // ------------------------------------------------------------------ WebSocket

    private void startWebSocket(Io io, int i, long conn, WebSocketHandler h, int extensions) {
        flags[i] |= WEBSOCKET;
        flags[i] &= ~WS_CLOSE_SENT;
        wsHandler[i] = h;
        if (wsDecoder[i] == null) { // once per connection index, not per connection
            wsDecoder[i] = new WebSocketFrameDecoder(true, config.websocketMaxFrameBytes(), config.websocketMaxMessageBytes());
        }
        wsDecoder[i].reset();
        if (extensions != PerMessageDeflateNegotiation.NONE) {
            if (wsDeflate[i] == null) { // once per connection index (zlib state is reused by later connections)
                wsDeflate[i] = new PerMessageDeflate(io.pools(), config.websocketDeflate());
            }
            wsDeflate[i].start(extensions, true);
            wsDecoder[i].compression(true);
        } else if (wsDeflate[i] != null) {
            wsDeflate[i].start(PerMessageDeflateNegotiation.NONE, true);
        }
        try {
            h.onOpen(session.wrap(io, conn, false).deflate(wsDeflate[i]));
        } catch (RuntimeException e) {
            handlerErrors++;
            failWebSocket(io, i, conn, 1011);
            return;
        }
        afterHandler(io, i, conn);
    }

    /** Decodes and handles one frame: consumed bytes, 0 (need more) or {@link #CLOSED}. */
    private int webSocketFrame(Io io, int i, long conn, long address, int length, SlotPool pool, long slot) {
        wsView.wrap(address, length);
        final int r = wsDecoder[i].decode(wsView, 0, length, wsFrame);
        if (r == WebSocketFrameDecoder.NEED_MORE) {
            return 0;
        }
        if (r < 0) {
            failWebSocket(io, i, conn, -r);
            return CLOSED;
        }
        switch (wsFrame.opcode()) {
            case WebSocketFrame.PING -> response.webSocketFrame(io, conn, WebSocketFrame.PONG, true, wsView,
                wsFrame.payloadOffset(), wsFrame.payloadLength()); // §5.5.2: echo the application data
            case WebSocketFrame.PONG -> {
                // unsolicited pongs are ignored (§5.5.3)
            }
            case WebSocketFrame.CLOSE -> {
                final int code = wsFrame.closeCode();
                if ((flags[i] & WS_CLOSE_SENT) == 0) {
                    flags[i] |= WS_CLOSE_SENT;
                    response.webSocketClose(io, conn, code == 1005 ? 1000 : code, ""); // §5.5.1: echo the code
                }
                endWebSocket(io, i, conn, code, true);
                closeConnection(io, i, conn);
                return CLOSED;
            }
            default -> {
                final boolean inflatedMessage = wsFrame.compressed();
                if (inflatedMessage) { // RFC 7692: inflate into the message slot, deliver at the last frame
                    final int c = wsDeflate[i].inflateFrame(io, wsFrame, config.websocketMaxMessageBytes());
                    if (c < 0) {
                        failWebSocket(io, i, conn, -c);
                        return CLOSED;
                    }
                    if (c == 0) {
                        return r;
                    }
                }
                try {
                    final WebSocketSession s = session.wrap(io, conn, (flags[i] & WS_CLOSE_SENT) != 0).deflate(wsDeflate[i]);
                    if (inflatedMessage) {
                        // The payload is the inflated message in the codec's message slot, not the receive slot.
                        final long m = wsDeflate[i].messageSlot();
                        s.frameSlot(io.pools().poolOf(m), m);
                    } else {
                        s.frameSlot(pool, slot);
                    }
                    wsHandler[i].onFrame(s, wsFrame);
                } catch (RuntimeException e) {
                    handlerErrors++;
                    failWebSocket(io, i, conn, 1011);
                    return CLOSED;
                } finally {
                    if (wsDeflate[i] != null) {
                        wsDeflate[i].releaseMessage(io);
                    }
                }
                if (!afterHandler(io, i, conn)) {
                    return CLOSED;
                }
            }
        }
        return r;
    }

    /** Fails the connection (RFC 6455 §7.1.7): a close frame with {@code code}, then the TCP close. */
    private void failWebSocket(Io io, int i, long conn, int code) {
        if ((flags[i] & WS_CLOSE_SENT) == 0) {
            flags[i] |= WS_CLOSE_SENT;
            response.webSocketClose(io, conn, code, "");
        }
        endWebSocket(io, i, conn, code);
        closeConnection(io, i, conn);
    }

    private void endWebSocket(Io io, int i, long conn, int code) {
        endWebSocket(io, i, conn, code, false);
    }

    private void endWebSocket(Io io, int i, long conn, int code, boolean byPeer) {
        final WebSocketHandler h = wsHandler[i];
        if (h == null) {
            return;
        }
        wsHandler[i] = null;
        if (wsDeflate[i] != null) {
            wsDeflate[i].end(io); // a message slot held mid-message goes back to the pool
        }
        session.wrap(io, conn, true);
        if (byPeer) {
            session.peerClosed();
        }
        try {
            h.onClose(session, code);
        } catch (RuntimeException e) {
            handlerErrors++;
        }
        session.attach(null);
    }

    /** Answers {@code status} with {@code Connection: close} and closes. */
    private void refuse(Io io, int i, long conn, int status) {
        refused++;
        if (status == 408) {
            timeouts++;
        }
        response.open(io, conn, false, 1, false);
        response.send(status);
        closeConnection(io, i, conn);
    }

    // ------------------------------------------------------------------ scratch slots

    /** Copies the unparsed tail of a receive into a new scratch slot. */
    private void keepRest(Io io, int i, long conn, long from, int n) {
        int want = Math.max(MIN_SCRATCH, n);
        if ((flags[i] & HEAD_DONE) != 0 && request.contentLength() > 0) {
            want = Math.max(want, (int) Math.min(maxScratch, request.headLength() + request.contentLength()));
        }
        final SendBuffer b = io.sendBuffer(Math.min(want, maxScratch));
        if (b == null) {
            failed(io, i, conn);
            return;
        }
        final long h = b.take();
        final SlotPool pool = b.pool();
        pool.copy(from, pool.address(h), n);
        scratch[i] = h;
        scratchLength[i] = n;
        straddles++;
        straddleBytes += n;
    }

    /** Appends a receive to the scratch slot, growing it; false when the request cannot fit any slot. */
    private boolean append(Io io, int i, long from, int n) {
        final long h = scratch[i];
        final SlotPool pool = io.pools().poolOf(h);
        final int have = scratchLength[i];
        if (have + n > pool.slotSize() || pool.refCount(h) > 1) {
            if (have + n > maxScratch) {
                return false;
            }
            if (!moveScratch(io, i, Math.max(have + n, Math.min(maxScratch, 2 * pool.slotSize())))) {
                return false;
            }
        }
        final long nh = scratch[i];
        final SlotPool np = io.pools().poolOf(nh);
        np.copy(from, np.address(nh) + scratchLength[i], n);
        scratchLength[i] += n;
        straddleBytes += n;
        return true;
    }

    /** Moves the scratch bytes into a fresh slot of at least {@code size} bytes. */
    private boolean moveScratch(Io io, int i, int size) {
        final long h = scratch[i];
        final SlotPool pool = io.pools().poolOf(h);
        SendBuffer b = io.sendBuffer(size);
        if (b == null) {
            b = io.sendBuffer(Math.max(scratchLength[i], 1));
            if (b == null || b.capacity() < size) {
                if (b != null) {
                    b.abort();
                }
                return false;
            }
        }
        final long nh = b.take();
        b.pool().copy(pool.address(h), b.pool().address(nh), scratchLength[i]);
        straddleBytes += scratchLength[i];
        pool.release(h);
        scratch[i] = nh;
        return true;
    }

    private void processScratch(Io io, int i, long conn) {
        final long h = scratch[i];
        final SlotPool pool = io.pools().poolOf(h);
        final int have = scratchLength[i];
        final int consumed = process(io, i, conn, pool.address(h), have, pool, h, 0);
        if (consumed == CLOSED || scratch[i] != h) {
            return;
        }
        if (consumed == have) {
            releaseScratch(io, i);
        } else if (consumed > 0) {
            // A detached request may still read this slot: then the rest moves to a fresh one.
            if (pool.refCount(h) > 1) {
                scratchLength[i] = have;
                final SendBuffer b = io.sendBuffer(pool.slotSize());
                if (b == null) {
                    failed(io, i, conn);
                    return;
                }
                final long nh = b.take();
                b.pool().copy(pool.address(h) + consumed, b.pool().address(nh), have - consumed);
                pool.release(h);
                scratch[i] = nh;
            } else {
                pool.copy(pool.address(h) + consumed, pool.address(h), have - consumed); // memmove
            }
            scratchLength[i] = have - consumed;
        }
    }

    private void releaseScratch(Io io, int i) {
        final long h = scratch[i];
        if (h != 0) {
            scratch[i] = 0;
            scratchLength[i] = 0;
            io.pools().poolOf(h).release(h);
        }
    }

    // ------------------------------------------------------------------ the tick

    private void tick(Io io) {
        date.refresh(System.currentTimeMillis());
        final long now = io.nanoTime();
        final long requestTimeout = config.requestTimeoutNanos();
        final long idleTimeout = config.idleTimeoutNanos();
        for (int i = 0; i < connId.length; i++) {
            if ((flags[i] & (LIVE | CLOSING)) != LIVE) {
                continue;
            }
            final long conn = connId[i];
            try {
                if ((flags[i] & DEFERRED) != 0) {
                    final HttpExchange ex = exchanges[i];
                    if (ex != null && now - ex.since - requestTimeout > 0 && ex.abandon()) {
                        // No answer within request-timeout: 503 + close; the request slot was released.
                        exchanges[i] = null;
                        flags[i] &= ~DEFERRED;
                        deferredTimeouts++;
                        refuse(io, i, conn, 503);
                        response.flush();
                        internalErrors += ex.notifyObservers(503);
                    }
                } else if (requestStart[i] != 0) {
                    if (now - requestStart[i] - requestTimeout > 0) {
                        refuse(io, i, conn, 408);
                        response.flush();
                    }
                } else if ((flags[i] & BLOCKED) == 0 && now - lastActive[i] - idleTimeout > 0) {
                    idleClosed++;
                    if ((flags[i] & WEBSOCKET) != 0) {
                        failWebSocket(io, i, conn, 1001); // going away
                    } else {
                        closeConnection(io, i, conn);
                    }
                }
            } catch (RuntimeException e) {
                failed(io, i, conn); // e.g. no TX slot for the 408: close without it
            }
        }
        response.flush();
        response.clearFailure();
        tickTimer = io.scheduleTimer(now + tickNanos);
    }

    /** Request bodies streamed to routes ({@link Router#stream}) and their bytes (shard thread). */
    public long streamedBodies() {
        return streamedBodies;
    }

    /** Body bytes handed to streams or dropped after an early answer (shard thread). */
    public long streamedBytes() {
        return streamedBytes;
    }

    /** Requests handed over to be answered later (shard thread). */
    public long deferredRequests() {
        return deferred;
    }

    /** Deferred requests answered 503 because no answer came within {@code request-timeout} (shard thread). */
    public long deferredTimeouts() {
        return deferredTimeouts;
    }

    /** Unexpected exceptions caught on the shard (each closed its connection); 0 unless there is a bug. Shard thread. */
    public long internalErrors() {
        return internalErrors;
    }

    /** Counters (shard thread: run it through {@code ShardRunner.call}). */
    public HttpServerStats stats() {
        return new HttpServerStats(requests, response.responses(), refused, timeouts, idleClosed,
            handlerErrors, straddles, straddleBytes, pipelinePauses, sendFailures, continues);
    }
}

package io.zeroio.protocol.http.response;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.protocol.http.websocket.WebSocketFrameEncoder;
import io.zeroio.protocol.http.websocket.Utf8Encoder;
import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.shard.Io;

/**
 * Writes one HTTP/1.1 response straight into a TX pool slot ({@link SendBuffer}): status line,
 * headers and body are written once, in order, where the kernel will send them from; several
 * pipelined responses of one connection share a slot and leave in one send.
 *
 * <p>Use: {@link #status(int)}, any number of {@link #header}s, then exactly one of
 * {@link #body(DirectBuffer, int, int)} / {@link #body(CharSequence)} / {@link #end()} — or
 * {@link #chunked()}, {@link #chunk}s and {@link #endChunked()}. The shortcuts ({@link #ok},
 * {@link #json}, {@link #text}, {@link #bytes}, {@link #notFound}, {@link #send(int)}) do all three.
 * The response adds {@code Server}, {@code Date} (cached, refreshed once a second),
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}, and {@code Connection} when the
 * connection closes afterwards (or stays open for an HTTP/1.0 keep-alive client). For a HEAD
 * request the body is measured but not written (RFC 9110 §9.3.2). For an HTTP/1.0 client a
 * chunked response is sent unframed and the connection closes after it (RFC 9112 §6.3).
 *
 * <p>Bodies larger than a slot continue in further slots. Everything is allocation-free; header
 * names and values are ASCII {@code CharSequence}s written char by char (a value containing CR or
 * LF is refused with {@link IllegalArgumentException}: no response splitting).
 *
 * <p>Middleware hooks: {@link #headerOnStatus} queues headers written with the status line;
 * {@link #encodeBodyWith(BodyEncoder)} lets a body encoder (compression) rewrite a whole body on its
 * way into the TX slot (it also sees the {@code Content-Type}/{@code Content-Encoding} the handler set);
 * {@link #onComplete(ResponseObserver, long)} tells a middleware the final status once the request is
 * answered (inline: when the handler chain returned; deferred: when the answer is handed to the
 * connection). All three travel with a request that is deferred ({@code HttpExchange}): the queued
 * headers are copied, the body encoder's decision is carried (the body is then encoded on the
 * answering thread with an encoder lent to that thread, {@link BodyEncoder#forDeferred()}), and the
 * observers are told on the shard when the deferred answer is sent.
 *
 * <p>One instance per shard, reused for every request; shard thread only.
 */
public final class ZeroResponse {
    private static final int IDLE = 0;
    private static final int HEADERS = 1;
    private static final int CHUNKED = 2;
    private static final int DONE = 3;
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] DATE = ascii("Date: ");
    private static final byte[] SERVER = ascii("Server: ");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] CHUNKED_HEADER = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
    private static final byte[] TEXT_PLAIN = ascii("text/plain");
    private static final byte[] APPLICATION_JSON = ascii("application/json");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] UPGRADE_HEADERS = ascii("Upgrade: websocket\r\nConnection: Upgrade\r\n");

    private final HttpDate date;
    private final byte[] serverHeader;
    private final int bufferBytes;
    private final UnsafeBuffer heap = new UnsafeBuffer(0, 0);
    private Io io;
    private long conn;
    private SendBuffer tx;
    private MutableDirectBuffer out;
    private int pos;
    private int state = DONE;
    private int status;
    private boolean head;
    private boolean http10;
    private boolean keepAlive;
    private boolean clientKeepAlive10;
    private boolean failed;
    private long bodyBytes;
    private int responses;
    private WebSocketHandler upgrade;
    private int upgradeExtensions;
    private PerMessageDeflateConfig webSocketDeflate = PerMessageDeflateConfig.disabled();
    private static final int MAX_EXTRA_HEADERS = 8;
    private final CharSequence[] extraNames = new CharSequence[MAX_EXTRA_HEADERS];
    private final CharSequence[] extraValues = new CharSequence[MAX_EXTRA_HEADERS];
    private int extraCount;
    private static final byte[] VARY_ACCEPT_ENCODING = ascii("Vary: Accept-Encoding\r\n");
    private static final byte[] CONTENT_ENCODING = ascii("Content-Encoding: ");
    private static final String TEXT_PLAIN_TYPE = "text/plain";
    private static final String APPLICATION_JSON_TYPE = "application/json";
    private BodyEncoder encoder;
    private CharSequence contentType;
    private boolean contentEncoded;
    private final TxSink sink;
    private Deferral deferral;
    private boolean deferred;
    private BodyEncoder.Lender lender;
    private static final int MAX_OBSERVERS = 4;
    private final ResponseObserver[] observers = new ResponseObserver[MAX_OBSERVERS];
    private final long[] observerTokens = new long[MAX_OBSERVERS];
    private int observerCount;
    private StringBuilder[] copiedNames;
    private StringBuilder[] copiedValues;

    /**
     * A writer using {@code date} for the Date header.
     *
     * @param serverHeader value of the Server header ("" for none)
     * @param bufferBytes  TX slot size to ask for
     */
    public ZeroResponse(HttpDate date, String serverHeader, int bufferBytes) {
        this(date, serverHeader, bufferBytes, null);
    }

    /**
     * A writer that takes its TX slots from {@code sink} and hands them to it instead of a shard
     * {@code Io}: for a response written on another thread (the server's deferred responses).
     * The {@code Io} passed to {@link #open} is then ignored (may be null).
     */
    public ZeroResponse(HttpDate date, String serverHeader, int bufferBytes, TxSink sink) {
        this.date = date;
        this.serverHeader = serverHeader.isEmpty() ? null : ascii("Server: " + serverHeader + "\r\n");
        this.bufferBytes = bufferBytes;
        this.sink = sink;
    }

    /**
     * Where a response written off the shard thread takes its slots and puts them: any thread-safe
     * slot source (e.g. the shard's {@code Pools}) and a collector the shard later sends from.
     */
    public interface TxSink {
        /** A writable slot of at least {@code minSize} bytes, or null. */
        SendBuffer sendBuffer(int minSize);

        /** Takes a filled slot for {@code connection} (false: refused, the slot was released). */
        boolean send(long connection, SendBuffer buffer);
    }

    /**
     * Set by a server that can complete a response later, from another thread (see
     * {@code HttpExchange.defer}).
     */
    public interface Deferral {
        /** Called by {@link #defer()} during the handler call; returns the server's exchange object. */
        Object defer(ZeroResponse response);
    }

    /** Installs the server's {@link Deferral} (null: {@link #defer()} is refused). */
    public void deferral(Deferral d) {
        this.deferral = d;
    }

    /**
     * Hands the current request over to be answered later (any thread): returns the server's
     * exchange object ({@code io.zeroio.protocol.http.server.HttpExchange}); this response must
     * then stay untouched. Use {@code HttpExchange.defer(response)} for the typed call.
     *
     * @throws IllegalStateException when a response was started or the server cannot defer
     */
    public Object defer() {
        if (state != IDLE) {
            throw new IllegalStateException("defer() must come before status()");
        }
        if (deferral == null) {
            throw new IllegalStateException("this server does not support deferred responses");
        }
        final Object exchange = deferral.defer(this);
        deferred = true;
        return exchange;
    }

    /**
     * Whether the current request was handed over with {@link #defer()} (its answer comes later, from
     * another thread): a middleware that runs after its inner handler returned learns here that the
     * response is not written yet (register {@link #onComplete} to learn the final status).
     */
    public boolean isDeferred() {
        return deferred;
    }

    /**
     * Registers {@code observer} to be told the final status of the current request (see
     * {@link ResponseObserver}); call during the handler call, on the shard thread, before or after
     * the inner handler ran. Inline answers: the server calls it when the handler chain returned
     * (with 500 when nothing was answered or the handler threw). Deferred requests: the observer
     * travels with the exchange and is called on the shard when the answer is handed to the
     * connection (503 for the request timeout, 500 for a failed answer, 0 when the connection went
     * away). Stores a reference and a primitive, no allocation; at most 4 per request. Only servers
     * that support it call observers ({@code HttpShardHandler} does).
     *
     * @throws IllegalStateException on a deferred exchange's own response (register on the shard's,
     *         during the handler call), or with more than 4 observers
     */
    public ZeroResponse onComplete(ResponseObserver observer, long token) {
        if (sink != null) {
            throw new IllegalStateException("onComplete() belongs on the shard's response, during the handler call");
        }
        if (observerCount == MAX_OBSERVERS) {
            throw new IllegalStateException("more than " + MAX_OBSERVERS + " completion observers");
        }
        observers[observerCount] = observer;
        observerTokens[observerCount++] = token;
        return this;
    }

    /** Server side: whether {@link #onComplete} observers wait for this response's status. */
    public boolean hasObservers() {
        return observerCount != 0;
    }

    /**
     * Server side (the shard thread): tells every registered observer {@code status}, once, and
     * forgets them. An observer that throws is skipped (the others are still told).
     *
     * @return how many observers threw
     */
    public int notifyComplete(int status) {
        final int n = observerCount;
        if (n == 0) {
            return 0;
        }
        observerCount = 0;
        int failures = 0;
        for (int k = 0; k < n; k++) {
            final ResponseObserver o = observers[k];
            observers[k] = null;
            try {
                o.onComplete(observerTokens[k], status);
            } catch (RuntimeException e) {
                failures++;
            }
        }
        return failures;
    }

    /**
     * Server side (the shard thread): moves the registered observers to {@code target} (a deferred
     * exchange's response), to be told when that answer is sent. Only the shard touches observers,
     * on either response, so no ordering with the answering thread is needed.
     */
    public void moveObserversTo(ZeroResponse target) {
        for (int k = 0; k < observerCount; k++) {
            if (target.observerCount == MAX_OBSERVERS) {
                throw new IllegalStateException("more than " + MAX_OBSERVERS + " completion observers");
            }
            target.observers[target.observerCount] = observers[k];
            target.observerTokens[target.observerCount++] = observerTokens[k];
            observers[k] = null;
        }
        observerCount = 0;
    }

    /**
     * Moves the headers queued by {@link #headerOnStatus} (middleware) to {@code target}, copying
     * names and values into buffers {@code target} keeps (no allocation after the first use), so
     * they survive this response's reuse; and carries the body encoder's decision
     * ({@link BodyEncoder#forDeferred()}: never the encoder itself, which belongs to this thread).
     * Used when a request is deferred.
     */
    public void moveQueuedHeadersTo(ZeroResponse target) {
        target.lender = encoder != null ? encoder.forDeferred() : null;
        for (int k = 0; k < extraCount; k++) {
            target.queueCopy(extraNames[k], extraValues[k]);
            extraNames[k] = null;
            extraValues[k] = null;
        }
        extraCount = 0;
    }

    private void queueCopy(CharSequence name, CharSequence value) {
        if (copiedNames == null) {
            copiedNames = new StringBuilder[MAX_EXTRA_HEADERS];
            copiedValues = new StringBuilder[MAX_EXTRA_HEADERS];
            for (int k = 0; k < MAX_EXTRA_HEADERS; k++) {
                copiedNames[k] = new StringBuilder(32);
                copiedValues[k] = new StringBuilder(64);
            }
        }
        if (extraCount == MAX_EXTRA_HEADERS) {
            throw new IllegalStateException("more than " + MAX_EXTRA_HEADERS + " queued headers");
        }
        final StringBuilder n = copiedNames[extraCount];
        final StringBuilder v = copiedValues[extraCount];
        n.setLength(0);
        n.append(name);
        v.setLength(0);
        v.append(value);
        headerOnStatus(n, v);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- server side

    /**
     * Server side: targets the next response at {@code connection}. Pending bytes for another
     * connection must have been {@link #flush() flushed}.
     *
     * @param headRequest     the request was HEAD: bodies are measured, not written
     * @param versionMinor    the request's HTTP/1.x minor version
     * @param keepAliveAfter  whether the connection may stay open after this response
     */
    public void open(Io shard, long connection, boolean headRequest, int versionMinor, boolean keepAliveAfter) {
        if (tx != null && connection != conn) {
            flush();
        }
        this.io = shard;
        this.conn = connection;
        this.head = headRequest;
        this.http10 = versionMinor == 0;
        this.clientKeepAlive10 = http10 && keepAliveAfter;
        this.keepAlive = keepAliveAfter;
        this.state = IDLE;
        this.status = 0;
        this.bodyBytes = 0;
        this.extraCount = 0;
        this.encoder = null;
        this.lender = null;
        this.contentType = null;
        this.contentEncoded = false;
        this.deferred = false;
        if (observerCount != 0) {
            // not told (a server path that does not report): forget them rather than tell a later request
            for (int k = 0; k < observerCount; k++) {
                observers[k] = null;
            }
            observerCount = 0;
        }
    }

    /**
     * Lets {@code bodyEncoder} encode this response's body (compression middleware): consulted once
     * when the handler hands over a whole body, never for HEAD, chunked or empty bodies. Must come
     * before {@link #status}; cleared for the next response. The encoder sees the {@code Content-Type}
     * value the handler passed by reference, read when the body is handed over (a reused view such as a
     * request header must still hold it then).
     */
    public ZeroResponse encodeBodyWith(BodyEncoder bodyEncoder) {
        if (state != IDLE) {
            throw new IllegalStateException("encodeBodyWith() must come before status()");
        }
        encoder = bodyEncoder;
        return this;
    }

    /**
     * Queues a header that {@link #status} will write with whatever response the handler produces
     * (for middleware: CORS, request ids ...). Stores the references (no copy): the sequences must
     * stay unchanged until the status is written. At most 8 per response.
     */
    public ZeroResponse headerOnStatus(CharSequence name, CharSequence value) {
        if (state != IDLE) {
            throw new IllegalStateException("headerOnStatus() must come before status()");
        }
        if (extraCount == MAX_EXTRA_HEADERS) {
            throw new IllegalStateException("more than " + MAX_EXTRA_HEADERS + " queued headers");
        }
        extraNames[extraCount] = name;
        extraValues[extraCount++] = value;
        return this;
    }

    /** Server side: whether a complete response was written. */
    public boolean isDone() {
        return state == DONE;
    }

    /** Server side: whether a response was started. */
    public boolean isStarted() {
        return state != IDLE;
    }

    /** Server side: completes a response the handler left open (headers → empty body, chunked → last chunk). */
    public void finish() {
        if (state == HEADERS) {
            end();
        } else if (state == CHUNKED) {
            endChunked();
        }
    }

    /** The status of the current response (0 before {@link #status}). */
    public int statusCode() {
        return status;
    }

    /** Whether the connection stays open after this response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Marks the connection to close after this response (adds {@code Connection: close}). Call before the body. */
    public ZeroResponse closeConnection() {
        keepAlive = false;
        return this;
    }

    /** Server side: whether a slot could not be had or a send was refused since the last {@link #clearFailure()}. */
    public boolean failed() {
        return failed;
    }

    /** Server side: clears {@link #failed()}. */
    public void clearFailure() {
        failed = false;
    }

    /** Server side: responses completed since creation. */
    public int responses() {
        return responses;
    }

    /** Server side: writes an interim {@code 100 Continue} (RFC 9110 §15.2.1) and flushes it. */
    public void writeContinue(Io shard, long connection) {
        if (tx != null && connection != conn) {
            flush();
        }
        this.io = shard;
        this.conn = connection;
        put(CONTINUE);
        flush();
    }

    /**
     * Server side: hands the bytes written so far to the shard to send (one send for every
     * response batched since the last flush).
     */
    public void flush() {
        final SendBuffer b = tx;
        if (b == null) {
            return;
        }
        tx = null;
        out = null;
        if (pos == 0) {
            b.abort();
            return;
        }
        b.length(pos);
        pos = 0;
        if (!(sink != null ? sink.send(conn, b) : io.send(conn, b))) {
            failed = true;
        }
    }

    // ---------------------------------------------------------------- the builder

    /** Starts the response: status line, Server and Date. */
    public ZeroResponse status(int code) {
        if (state != IDLE) {
            throw new IllegalStateException(state == DONE ? "the response was already sent" : "status already written");
        }
        put(HttpStatus.statusLine(code));
        status = code;
        state = HEADERS;
        if (serverHeader != null) {
            put(serverHeader);
        }
        put(DATE);
        put(date.value(), 0, HttpDate.LENGTH);
        put(CRLF);
        for (int k = 0; k < extraCount; k++) {
            header(extraNames[k], extraValues[k]);
            extraNames[k] = null;
            extraValues[k] = null;
        }
        extraCount = 0;
        return this;
    }

    /** Adds a header; the value must not contain CR or LF. */
    public ZeroResponse header(CharSequence name, CharSequence value) {
        checkHeaders();
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("header value of " + name + " contains CR or LF");
            }
        }
        if (encoder != null || lender != null) {
            noteEncodingHeader(name, value);
        }
        putAscii(name);
        put((byte) ':');
        put((byte) ' ');
        putAscii(value);
        put(CRLF);
        return this;
    }

    /** Remembers Content-Type / Content-Encoding for the body encoder (only while one is installed). */
    private void noteEncodingHeader(CharSequence name, CharSequence value) {
        if (name.length() == 12 && equalsIgnoreCase(name, "Content-Type")) {
            contentType = value;
        } else if (name.length() == 16 && equalsIgnoreCase(name, "Content-Encoding")) {
            contentEncoded = true;
        }
    }

    private static boolean equalsIgnoreCase(CharSequence a, String b) {
        for (int i = 0; i < b.length(); i++) {
            if ((a.charAt(i) | 0x20) != (b.charAt(i) | 0x20)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The body encoder's verdict for a body of {@code length} bytes; writes {@code Vary} (and for an
     * encoded body nothing yet: {@link #encodedBody} writes the rest). PLAIN when there is none.
     */
    private int encoderVerdict(int length) {
        if (encoder == null || head || length == 0) {
            return BodyEncoder.PLAIN;
        }
        final int verdict = encoder.decide(status, contentType, contentEncoded, length);
        if (verdict != BodyEncoder.PLAIN) {
            put(VARY_ACCEPT_ENCODING);
        }
        return verdict;
    }

    /** Ends the headers and writes an encoded body of {@code n} bytes (n >= 0) from the encoder's output. */
    private void encodedBody(int n) {
        put(CONTENT_ENCODING);
        putAscii(encoder.contentEncoding());
        put(CRLF);
        endHeaders(n);
        putLarge(encoder.output(), 0, n);
        done();
    }

    /** Adds a header with a decimal value. */
    public ZeroResponse header(CharSequence name, long value) {
        checkHeaders();
        putAscii(name);
        put((byte) ':');
        put((byte) ' ');
        putDecimal(value);
        put(CRLF);
        return this;
    }

    /** Adds {@code Content-Type}. */
    public ZeroResponse contentType(CharSequence type) {
        return header("Content-Type", type);
    }

    /** Ends the headers with {@code Content-Length} and writes {@code length} body bytes from {@code src}. */
    public void body(DirectBuffer src, int offset, int length) {
        checkHeaders();
        if (lender != null && encoder == null && !head && length > 0) {
            // a deferred request's body on the answering thread: encode with an encoder lent to this thread
            encoder = lender.borrow();
            try {
                bodyOf(src, offset, length);
            } finally {
                giveBackEncoder();
            }
            return;
        }
        bodyOf(src, offset, length);
    }

    private void giveBackEncoder() {
        final BodyEncoder e = encoder;
        encoder = null;
        lender.giveBack(e);
    }

    private void bodyOf(DirectBuffer src, int offset, int length) {
        if (encoderVerdict(length) == BodyEncoder.ENCODE) {
            final int n = encoder.encode(src, offset, length);
            if (n >= 0) {
                encodedBody(n);
                return;
            }
        }
        endHeaders(length);
        if (!head) {
            putLarge(src, offset, length);
        }
        done();
    }

    /** Body from a byte array. */
    public void body(byte[] src) {
        heap.wrap(src);
        body(heap, 0, src.length);
    }

    /** Body from ASCII/Latin-1 text (one byte per char). */
    public void body(CharSequence text) {
        checkHeaders();
        if (lender != null && encoder == null && !head && text.length() > 0) {
            encoder = lender.borrow(); // a deferred request's body: see body(DirectBuffer, int, int)
            try {
                bodyOf(text);
            } finally {
                giveBackEncoder();
            }
            return;
        }
        bodyOf(text);
    }

    private void bodyOf(CharSequence text) {
        if (encoderVerdict(text.length()) == BodyEncoder.ENCODE) {
            final int n = encoder.encode(text);
            if (n >= 0) {
                encodedBody(n);
                return;
            }
        }
        endHeaders(text.length());
        if (!head) {
            for (int i = 0; i < text.length(); i++) {
                put((byte) text.charAt(i));
            }
        }
        done();
    }

    /** Ends the response with no body ({@code Content-Length: 0}). */
    public void end() {
        endHeaders(0);
        done();
    }

    /** Ends the headers with {@code Transfer-Encoding: chunked}; then {@link #chunk} and {@link #endChunked()}. */
    public ZeroResponse chunked() {
        checkHeaders();
        if (http10) {
            keepAlive = false; // an HTTP/1.0 client reads to the close (RFC 9112 §6.3)
        } else {
            put(CHUNKED_HEADER);
        }
        connectionHeader();
        put(CRLF);
        state = CHUNKED;
        return this;
    }

    /** Writes one chunk (nothing for an empty one: the last chunk is {@link #endChunked()}). */
    public ZeroResponse chunk(DirectBuffer src, int offset, int length) {
        if (state != CHUNKED) {
            throw new IllegalStateException("chunk() needs chunked() first");
        }
        if (length == 0 || head) {
            return this;
        }
        if (!http10) {
            putHex(length);
            put(CRLF);
        }
        putLarge(src, offset, length);
        if (!http10) {
            put(CRLF);
        }
        bodyBytes += length;
        return this;
    }

    /** One chunk from a byte array. */
    public ZeroResponse chunk(byte[] src) {
        heap.wrap(src);
        return chunk(heap, 0, src.length);
    }

    /** One chunk of ASCII/Latin-1 text. */
    public ZeroResponse chunk(CharSequence text) {
        if (state != CHUNKED) {
            throw new IllegalStateException("chunk() needs chunked() first");
        }
        if (text.length() == 0 || head) {
            return this;
        }
        if (!http10) {
            putHex(text.length());
            put(CRLF);
        }
        for (int i = 0; i < text.length(); i++) {
            put((byte) text.charAt(i));
        }
        if (!http10) {
            put(CRLF);
        }
        bodyBytes += text.length();
        return this;
    }

    /** Writes the last chunk and ends the response. */
    public void endChunked() {
        if (state != CHUNKED) {
            throw new IllegalStateException("endChunked() needs chunked() first");
        }
        if (!http10 && !head) {
            put(LAST_CHUNK);
        }
        done();
    }

    // ---------------------------------------------------------------- WebSocket

    /**
     * Answers a WebSocket upgrade (RFC 6455 §4.2.2): {@code 101 Switching Protocols} with
     * {@code Sec-WebSocket-Accept}; the connection then carries frames for {@code handler}.
     */
    public void upgradeToWebSocket(CharSequence accept, WebSocketHandler handler) {
        status(101);
        put(UPGRADE_HEADERS);
        header("Sec-WebSocket-Accept", accept);
        put(CRLF);
        upgrade = handler;
        done();
    }

    /** Server side: the permessage-deflate settings upgrades negotiate with (off by default). */
    public void webSocketDeflate(PerMessageDeflateConfig config) {
        this.webSocketDeflate = config;
    }

    /**
     * As {@link #upgradeToWebSocket(CharSequence, WebSocketHandler)}, negotiating permessage-deflate
     * (RFC 7692) from the request's {@code Sec-WebSocket-Extensions} ({@code offers}, may be null):
     * an accepted offer is answered in the 101 and applies to the connection
     * ({@link #takeUpgradeExtensions}).
     */
    public void upgradeToWebSocket(CharSequence accept, WebSocketHandler handler, CharSequence offers) {
        status(101);
        put(UPGRADE_HEADERS);
        header("Sec-WebSocket-Accept", accept);
        final StringBuilder ext = new StringBuilder();
        upgradeExtensions = PerMessageDeflateNegotiation.serverAccept(offers, webSocketDeflate, ext);
        if (upgradeExtensions != PerMessageDeflateNegotiation.NONE) {
            header("Sec-WebSocket-Extensions", ext);
        }
        put(CRLF);
        upgrade = handler;
        done();
    }

    /** Server side: the extension agreement of the last 101 (cleared by the call). */
    public int takeUpgradeExtensions() {
        final int e = upgradeExtensions;
        upgradeExtensions = PerMessageDeflateNegotiation.NONE;
        return e;
    }

    /**
     * Writes one server frame whose payload is {@code length} compressed bytes at {@code payload}
     * (pool memory), RSV1 set: a whole permessage-deflate message (RFC 7692 §6).
     */
    public void webSocketCompressed(Io shard, long connection, int opcode, long payload, int length) {
        target(shard, connection);
        ensure(10);
        pos += WebSocketFrameEncoder.writeHeader(out, pos, opcode, true, true, length, false, 0);
        heap.wrap(payload, length);
        putLarge(heap, 0, length);
    }

    /** Server side: the handler a 101 just handed the connection to (cleared by the call), or null. */
    public WebSocketHandler takeUpgrade() {
        final WebSocketHandler h = upgrade;
        upgrade = null;
        return h;
    }

    /** Writes one server WebSocket frame (unmasked) for {@code connection}. */
    public void webSocketFrame(Io shard, long connection, int opcode, boolean fin, DirectBuffer src, int offset, int length) {
        target(shard, connection);
        ensure(10);
        pos += WebSocketFrameEncoder.writeHeader(out, pos, opcode, fin, length, false, 0);
        putLarge(src, offset, length);
    }

    /** Writes one server text frame, UTF-8-encoding {@code text} without allocating. */
    public void webSocketText(Io shard, long connection, int opcode, boolean fin, CharSequence text) {
        target(shard, connection);
        final int bytes = Utf8Encoder.length(text);
        ensure(10);
        pos += WebSocketFrameEncoder.writeHeader(out, pos, opcode, fin, bytes, false, 0);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                put((byte) c);
            } else if (c < 0x800) {
                put((byte) (0xC0 | c >> 6));
                put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                put((byte) (0xF0 | cp >> 18));
                put((byte) (0x80 | (cp >> 12 & 0x3F)));
                put((byte) (0x80 | (cp >> 6 & 0x3F)));
                put((byte) (0x80 | (cp & 0x3F)));
            } else {
                put((byte) (0xE0 | c >> 12));
                put((byte) (0x80 | (c >> 6 & 0x3F)));
                put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    /** Writes a server close frame. */
    public void webSocketClose(Io shard, long connection, int code, CharSequence reason) {
        target(shard, connection);
        ensure(4 + 125);
        pos += WebSocketFrameEncoder.writeClose(out, pos, code, reason, false, 0);
    }

    private void target(Io shard, long connection) {
        if (tx != null && connection != conn) {
            flush();
        }
        io = shard;
        conn = connection;
    }

    // ---------------------------------------------------------------- shortcuts

    /** 200 with a text/plain body. */
    public void ok(CharSequence text) {
        text(200, text);
    }

    /** {@code status} with a text/plain body. */
    public void text(int code, CharSequence text) {
        status(code);
        contentTypeBytes(TEXT_PLAIN);
        body(text);
    }

    /** 200 with an application/json body (the caller supplies serialised JSON). */
    public void json(CharSequence json) {
        json(200, json);
    }

    /** {@code status} with an application/json body. */
    public void json(int code, CharSequence json) {
        status(code);
        contentTypeBytes(APPLICATION_JSON);
        body(json);
    }

    /** 200 with an application/json body from bytes. */
    public void json(byte[] json) {
        status(200);
        contentTypeBytes(APPLICATION_JSON);
        body(json);
    }

    /** {@code status} with a body of {@code contentType}. */
    public void bytes(int code, CharSequence contentType, byte[] body) {
        status(code);
        header("Content-Type", contentType);
        body(body);
    }

    /** {@code status} with a body of {@code contentType} from a buffer (e.g. a request body: echoed without copying twice). */
    public void bytes(int code, CharSequence contentType, DirectBuffer src, int offset, int length) {
        status(code);
        header("Content-Type", contentType);
        body(src, offset, length);
    }

    /** {@code status} with no body. */
    public void send(int code) {
        status(code);
        end();
    }

    /** 404 with no body. */
    public void notFound() {
        send(404);
    }

    // ---------------------------------------------------------------- writing

    private void contentTypeBytes(byte[] type) {
        checkHeaders();
        if (encoder != null || lender != null) {
            contentType = type == TEXT_PLAIN ? TEXT_PLAIN_TYPE : APPLICATION_JSON_TYPE;
        }
        put(CONTENT_TYPE);
        put(type);
        put(CRLF);
    }

    private void checkHeaders() {
        if (state != HEADERS) {
            throw new IllegalStateException(state == IDLE ? "call status() first" : "headers are already sent");
        }
    }

    private void endHeaders(long length) {
        checkHeaders();
        put(CONTENT_LENGTH);
        putDecimal(length);
        put(CRLF);
        connectionHeader();
        put(CRLF);
        bodyBytes = length;
    }

    private void connectionHeader() {
        if (!keepAlive) {
            put(CONNECTION_CLOSE);
        } else if (clientKeepAlive10) {
            put(CONNECTION_KEEP_ALIVE);
        }
    }

    private void done() {
        state = DONE;
        responses++;
    }

    private void ensure(int n) {
        if (out != null && pos + n <= out.capacity()) {
            return;
        }
        flush();
        final SendBuffer b = sink != null ? sink.sendBuffer(Math.max(n, bufferBytes)) : io.sendBuffer(Math.max(n, bufferBytes));
        if (b == null) {
            final SendBuffer any = sink != null ? sink.sendBuffer(n) : io.sendBuffer(n);
            if (any == null) {
                throw new ResponseBufferException(n);
            }
            take(any);
            return;
        }
        take(b);
    }

    private void take(SendBuffer b) {
        tx = b;
        out = b.buffer();
        pos = 0;
    }

    private void put(byte b) {
        ensure(1);
        out.putByte(pos++, b);
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        out.putBytes(pos, bytes);
        pos += bytes.length;
    }

    private void put(DirectBuffer src, int offset, int length) {
        ensure(length);
        out.putBytes(pos, src, offset, length);
        pos += length;
    }

    /** Writes {@code length} bytes, continuing in further slots when one is not enough. */
    private void putLarge(DirectBuffer src, int offset, int length) {
        int done = 0;
        while (done < length) {
            if (out == null || pos == out.capacity()) {
                ensure(Math.min(length - done, bufferBytes));
            }
            final int n = Math.min(length - done, out.capacity() - pos);
            out.putBytes(pos, src, offset + done, n);
            pos += n;
            done += n;
        }
    }

    private void putAscii(CharSequence s) {
        final int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out.putByte(pos++, (byte) s.charAt(i));
        }
    }

    private void putDecimal(long v) {
        ensure(20);
        pos += out.putLongAscii(pos, v);
    }

    private void putHex(int v) {
        ensure(8);
        int digits = 1;
        while ((v >>> (4 * digits)) != 0 && digits < 8) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            out.putByte(pos++, HEX[(v >>> (4 * i)) & 0xF]);
        }
    }

    /** No TX slot of the needed size was free: the pools are exhausted (the server closes the connection). */
    public static final class ResponseBufferException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ResponseBufferException(int size) {
            super("no TX slot of " + size + " bytes free: the shard's pools are exhausted", null, false, false);
        }
    }
}

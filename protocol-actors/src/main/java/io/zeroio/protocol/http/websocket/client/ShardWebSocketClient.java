package io.zeroio.protocol.http.websocket.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.HttpRequestParser;
import io.zeroio.protocol.http.parse.HttpResponse;
import io.zeroio.protocol.http.parse.HttpResponseParser;
import io.zeroio.protocol.http.scratch.ScratchSlots;
import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketFrameDecoder;
import io.zeroio.protocol.http.websocket.WebSocketFrameEncoder;
import io.zeroio.protocol.http.websocket.WebSocketHandshake;
import io.zeroio.protocol.http.websocket.Utf8Encoder;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflate;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation;
import io.zeroio.runtime.error.SyscallException;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.shard.Event;
import io.zeroio.runtime.shard.EventType;
import io.zeroio.runtime.shard.Io;

/**
 * RFC 6455 WebSocket client living on one shard ({@code ws://} only: TLS is out of scope here,
 * zero-io has no TLS layer yet). {@link #connect} opens a TCP connection and sends the upgrade request with
 * a random {@code Sec-WebSocket-Key}; the 101 answer is checked ({@code Upgrade}, {@code Connection},
 * {@code Sec-WebSocket-Accept}, extensions) before {@link WebSocketClientHandler#onOpen}. Frames are
 * decoded in place in the receive slot by the shared {@link WebSocketFrameDecoder} in client mode
 * (server frames must be unmasked); a frame that straddles receives is gathered in one pool slot.
 * Outgoing frames are written once into a TX slot and masked there with a fresh key from a
 * {@link SplittableRandom} seeded once from {@link SecureRandom} (no allocation per frame).
 * Pings are answered, the close handshake is completed, and permessage-deflate (RFC 7692) is used
 * when configured and accepted by the server.
 *
 * <p>Protocol violations by the server (masked frames, reserved bits, bad UTF-8, oversized frames or
 * messages, corrupt compressed data) fail the connection with close code 1002/1007/1009 reported to
 * {@link WebSocketClientHandler#onClose}; a bad handshake, a timeout or a lost connection before the
 * 101 is a {@link WebSocketClientException} passed to {@link WebSocketClientHandler#onFailure}. In
 * every case the connection is closed and every slot it held is given back.
 *
 * <p>Wire it into a shard's {@code InlineHandler}: call {@link #onEvent} for every event (false: not
 * the client's). Shard thread only. After the handshake, sending and receiving uncompressed frames
 * allocates nothing.
 */
public final class ShardWebSocketClient {
    private static final int CONNECTING = 1;
    private static final int HANDSHAKE = 1 << 1;
    private static final int OPEN = 1 << 2;
    private static final int CLOSE_SENT = 1 << 3;
    private static final int DONE = 1 << 4;
    private static final int CLOSED = -1;
    private static final int MIN_SCRATCH = 4096;
    private static final int MAX_HEADER = 14;

    private final WebSocketClientConfig config;
    private final HttpResponseParser parser;
    private final HttpResponse response = new HttpResponse(64);
    private final WebSocketFrame frame = new WebSocketFrame();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final WebSocketClientSession session = new WebSocketClientSession(this);
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    private final Duration linger = Duration.ofSeconds(2);
    private long[] connId;
    private int[] state;
    private WebSocketClientHandler[] handler;
    private WebSocketFrameDecoder[] decoder;
    private PerMessageDeflate[] deflate;
    private String[] expectedAccept;
    private long[] deadline;
    private ScratchSlots scratch;
    private int largestSlot;
    private long timer = -1;
    private long opened;
    private long failures;
    private long handlerErrors;

    /** A client with {@code config}. */
    public ShardWebSocketClient(WebSocketClientConfig config) {
        this.config = config;
        this.parser = new HttpResponseParser(config.maxHandshakeBytes(), 0);
    }

    /** Counters {handshakes completed, connections that failed before opening, handler exceptions}. Shard thread. */
    public long[] stats() {
        return new long[] {opened, failures, handlerErrors};
    }

    /**
     * Opens {@code ws://target/path}. The outcome comes to {@code h} inline: {@code onOpen} after the
     * handshake, or {@code onFailure} (possibly before this returns).
     *
     * @param path the request target, e.g. {@code "/chat?room=1"}: visible ASCII starting with '/'
     *             (IllegalArgumentException otherwise)
     * @return the connection id, or 0 when it failed at once
     */
    public long connect(Io io, InetSocketAddress target, CharSequence path, WebSocketClientHandler h) {
        if (path.length() == 0 || path.charAt(0) != '/') {
            throw new IllegalArgumentException("a WebSocket request target starts with '/', was " + path);
        }
        for (int k = 0; k < path.length(); k++) {
            if (path.charAt(k) <= ' ' || path.charAt(k) >= 0x7F) { // no header injection, no raw non-ASCII
                throw new IllegalArgumentException("a request target is visible ASCII (percent-encode the rest): " + path);
            }
        }
        init(io);
        final long conn;
        try {
            conn = io.tcpConnect(target); // the upgrade request queues until CONNECTED
        } catch (ZeroIoException e) {
            failures++;
            h.onFailure(0, new WebSocketClientException(WebSocketClientException.Reason.CONNECT_FAILED, e.getMessage(),
                e instanceof SyscallException s ? s.errno() : 0));
            return 0;
        }
        final int i = (int) conn;
        connId[i] = conn;
        state[i] = CONNECTING | HANDSHAKE;
        handler[i] = h;
        scratch.adopt(i, 0, 0);
        deadline[i] = io.nanoTime() + config.handshakeTimeoutNanos();
        if (decoder[i] == null) { // once per connection index, not per connection
            decoder[i] = new WebSocketFrameDecoder(false, config.maxFrameBytes(), config.maxMessageBytes());
        }
        decoder[i].reset();
        final byte[] nonce = new byte[16];
        for (int k = 0; k < 16; k += 8) {
            final long r = random.nextLong();
            for (int b = 0; b < 8; b++) {
                nonce[k + b] = (byte) (r >>> (8 * b));
            }
        }
        final String key = Base64.getEncoder().encodeToString(nonce);
        expectedAccept[i] = WebSocketHandshake.accept(key);
        final String host = target.getHostString();
        final StringBuilder req = new StringBuilder(256).append("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
            .append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(target.getPort())
            .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(key)
            .append("\r\nSec-WebSocket-Version: 13\r\n");
        final String offer = PerMessageDeflateNegotiation.clientOffer(config.deflate());
        if (offer != null) {
            req.append("Sec-WebSocket-Extensions: ").append(offer).append("\r\n");
        }
        req.append("\r\n");
        final byte[] bytes = req.toString().getBytes(StandardCharsets.US_ASCII);
        final SendBuffer sb = io.sendBuffer(bytes.length);
        if (sb == null) {
            failHandshake(io, i, WebSocketClientException.Reason.NO_RESOURCES, "no TX slot for the upgrade request", 0);
            return 0;
        }
        sb.buffer().putBytes(0, bytes);
        if (!io.sendCritical(conn, sb.length(bytes.length))) {
            failHandshake(io, i, WebSocketClientException.Reason.NO_RESOURCES, "the shard refused the upgrade request", 0);
            return 0;
        }
        if (timer == -1) {
            timer = io.scheduleTimer(io.nanoTime() + tickNanos());
        }
        return conn;
    }

    /** The session flyweight pointed at {@code conn} (to send from outside a handler call, on the shard thread). */
    public WebSocketClientSession session(Io io, long conn) {
        session.io = io;
        session.conn = conn;
        return session;
    }

    // ------------------------------------------------------------------ events

    /** Handles {@code event} if it concerns the client; returns false otherwise. */
    public boolean onEvent(Io io, Event event) {
        if (connId == null) {
            return false;
        }
        switch (event.type()) {
            case TIMER -> {
                if (event.timerId() != timer) {
                    return false;
                }
                tick(io);
                return true;
            }
            case ACCEPTED, DATAGRAM -> {
                return false;
            }
            default -> {
            }
        }
        final long conn = event.conn();
        final int i = (int) conn;
        if (conn == 0 || i < 0 || i >= connId.length || connId[i] != conn) {
            return false;
        }
        switch (event.type()) {
            case CONNECTED -> state[i] &= ~CONNECTING;
            case DATA -> data(io, i, conn, event);
            case PEER_CLOSED, ERROR, RESET -> {
                lost(io, i, conn, event.type() == EventType.ERROR && (state[i] & CONNECTING) != 0
                    ? WebSocketClientException.Reason.CONNECT_FAILED : WebSocketClientException.Reason.CONNECTION_LOST,
                    event.errno());
                io.close(conn);
            }
            case DISCONNECTED -> {
                lost(io, i, conn, WebSocketClientException.Reason.CONNECTION_LOST, event.errno());
                releaseSlots(io, i);
                state[i] = 0;
                connId[i] = 0;
                expectedAccept[i] = null;
            }
            default -> {
            }
        }
        return true;
    }

    /** The connection went away: report it unless reported already. */
    private void lost(Io io, int i, long conn, WebSocketClientException.Reason reason, int errno) {
        if (handler[i] == null) {
            return;
        }
        if ((state[i] & OPEN) != 0) {
            endOpen(io, i, conn, 1006); // no close frame: abnormal closure (§7.1.5)
        } else {
            failHandshake(io, i, reason, "connection ended before the 101", errno);
        }
    }

    private void data(Io io, int i, long conn, Event event) {
        if ((state[i] & DONE) != 0) {
            return; // closing: the rest is discarded (the slot returns at the next poll)
        }
        long from = event.address();
        int left = event.length();
        while (left > 0) {
            if (scratch.handle(i) == 0) { // frames that arrived whole are handled where they lie
                final int consumed = process(io, i, conn, from, left);
                if (consumed != CLOSED && consumed < left) {
                    final int rest = left - consumed;
                    final SendBuffer b = io.sendBuffer(Math.max(MIN_SCRATCH, rest));
                    if (b == null) {
                        tooBig(io, i, conn);
                        return;
                    }
                    final long h = b.take();
                    b.pool().copy(from + consumed, b.pool().address(h), rest);
                    scratch.adopt(i, h, rest);
                }
                return;
            }
            // a frame straddles receives: gather it (at most a largest-tier slot; the decoder refuses
            // frames over max-frame from their header, the parser heads over max-handshake)
            final int take = Math.min(left, largestSlot - scratch.length(i));
            if (take <= 0 || !scratch.append(io, i, from, take, largestSlot)) {
                tooBig(io, i, conn);
                return;
            }
            from += take;
            left -= take;
            final int consumed = process(io, i, conn, scratch.address(io, i), scratch.length(i));
            if (consumed == CLOSED || scratch.handle(i) == 0) {
                return;
            }
            if (consumed == scratch.length(i)) {
                scratch.release(io, i); // the rest of this receive is read in place again
            } else if (consumed > 0) {
                scratch.consume(io, i, consumed);
            }
        }
    }

    private void tooBig(Io io, int i, long conn) {
        if ((state[i] & OPEN) != 0) {
            failOpen(io, i, conn, WebSocketFrameDecoder.MESSAGE_TOO_BIG);
        } else {
            failHandshake(io, i, WebSocketClientException.Reason.BAD_HANDSHAKE, "handshake response too large", 0);
        }
    }

    /** Handles the handshake and every complete frame: bytes consumed, or {@link #CLOSED}. */
    private int process(Io io, int i, long conn, long address, int length) {
        int pos = 0;
        while (pos < length) {
            if ((state[i] & DONE) != 0) {
                return CLOSED;
            }
            final int r = (state[i] & HANDSHAKE) != 0 ? handshake(io, i, conn, address + pos, length - pos)
                : frame(io, i, conn, address + pos, length - pos);
            if (r == CLOSED) {
                return CLOSED;
            }
            if (r == 0) {
                return pos;
            }
            pos += r;
        }
        return pos;
    }

    // ------------------------------------------------------------------ handshake

    private int handshake(Io io, int i, long conn, long address, int length) {
        response.wrap(address, length);
        final int r = parser.parse(response, true); // a 101 has no body; anything else fails anyway
        if (r == HttpRequestParser.NEED_MORE) {
            return 0;
        }
        if (r < 0) {
            return failHandshake(io, i, WebSocketClientException.Reason.BAD_HANDSHAKE, "malformed response head", 0);
        }
        if (response.status() != 101) {
            return failHandshake(io, i, WebSocketClientException.Reason.BAD_HANDSHAKE,
                "status " + response.status() + " instead of 101", 0);
        }
        final AsciiView upgrade = response.header("Upgrade"); // one flyweight: check each value at once
        final boolean upgradeOk = upgrade != null && upgrade.equalsIgnoreCase("websocket");
        final AsciiView connection = response.header("Connection");
        if (!upgradeOk || connection == null || !connection.toString().toLowerCase(Locale.ROOT).contains("upgrade")) {
            return failHandshake(io, i, WebSocketClientException.Reason.BAD_HANDSHAKE,
                "missing Upgrade: websocket / Connection: Upgrade", 0);
        }
        final AsciiView accept = response.header("Sec-WebSocket-Accept");
        if (accept == null || !accept.contentEquals(expectedAccept[i])) {
            return failHandshake(io, i, WebSocketClientException.Reason.BAD_HANDSHAKE,
                "Sec-WebSocket-Accept " + accept + " instead of " + expectedAccept[i], 0);
        }
        if (response.header("Sec-WebSocket-Protocol") != null) {
            return failHandshake(io, i, WebSocketClientException.Reason.BAD_HANDSHAKE, "a subprotocol was not offered", 0);
        }
        final AsciiView ext = response.header("Sec-WebSocket-Extensions");
        final int agreement = PerMessageDeflateNegotiation.clientAccept(ext, config.deflate());
        if (agreement == PerMessageDeflateNegotiation.INVALID) {
            return failHandshake(io, i, WebSocketClientException.Reason.BAD_HANDSHAKE,
                "unacceptable Sec-WebSocket-Extensions: " + ext, 0);
        }
        if (agreement != PerMessageDeflateNegotiation.NONE) {
            if (deflate[i] == null) { // once per connection index
                deflate[i] = new PerMessageDeflate(io.pools(), config.deflate());
            }
            deflate[i].start(agreement, false);
        } else if (deflate[i] != null) {
            deflate[i].start(PerMessageDeflateNegotiation.NONE, false);
        }
        decoder[i].compression(agreement != PerMessageDeflateNegotiation.NONE);
        state[i] = (state[i] & ~(HANDSHAKE | CONNECTING)) | OPEN;
        expectedAccept[i] = null;
        opened++;
        try {
            handler[i].onOpen(session(io, conn));
        } catch (RuntimeException e) {
            handlerErrors++;
            failOpen(io, i, conn, 1011);
            return CLOSED;
        }
        return r;
    }

    private int failHandshake(Io io, int i, WebSocketClientException.Reason reason, String message, int errno) {
        final WebSocketClientHandler h = handler[i];
        final long conn = connId[i];
        handler[i] = null;
        state[i] = (state[i] & ~HANDSHAKE) | DONE;
        releaseSlots(io, i);
        failures++;
        io.close(conn);
        if (h != null) {
            try {
                h.onFailure(conn, new WebSocketClientException(reason, message, errno));
            } catch (RuntimeException e) {
                handlerErrors++;
            }
        }
        return CLOSED;
    }

    // ------------------------------------------------------------------ frames

    /** Decodes and handles one frame: consumed bytes, 0 (need more) or {@link #CLOSED}. */
    private int frame(Io io, int i, long conn, long address, int length) {
        view.wrap(address, length);
        final int r = decoder[i].decode(view, 0, length, frame);
        if (r == WebSocketFrameDecoder.NEED_MORE) {
            return 0;
        }
        if (r < 0) {
            failOpen(io, i, conn, -r);
            return CLOSED;
        }
        switch (frame.opcode()) {
            case WebSocketFrame.PING -> {
                if ((state[i] & CLOSE_SENT) == 0) { // §5.5.2: echo the application data
                    writeFrame(io, conn, WebSocketFrame.PONG, true, false, view, frame.payloadOffset(), frame.payloadLength());
                }
            }
            case WebSocketFrame.PONG -> {
                try {
                    handler[i].onPong(session(io, conn), frame);
                } catch (RuntimeException e) {
                    handlerErrors++;
                    failOpen(io, i, conn, 1011);
                    return CLOSED;
                }
            }
            case WebSocketFrame.CLOSE -> {
                final int code = frame.closeCode();
                if ((state[i] & CLOSE_SENT) == 0) {
                    state[i] |= CLOSE_SENT;
                    writeClose(io, conn, code == 1005 ? 1000 : code, ""); // §5.5.1: echo the code
                }
                endOpen(io, i, conn, code);
                io.closeGraceful(conn, linger); // the server closes TCP first (§7.1.1); FIN after our echo
                return CLOSED;
            }
            default -> {
                if (frame.compressed()) {
                    final int c = deflate[i].inflateFrame(io, frame, config.maxMessageBytes());
                    if (c < 0) {
                        failOpen(io, i, conn, -c);
                        return CLOSED;
                    }
                    if (c == 0) {
                        return r;
                    }
                }
                try {
                    handler[i].onFrame(session(io, conn), frame);
                } catch (RuntimeException e) {
                    handlerErrors++;
                    failOpen(io, i, conn, 1011);
                    return CLOSED;
                } finally {
                    if (deflate[i] != null) {
                        deflate[i].releaseMessage(io);
                    }
                }
            }
        }
        return (state[i] & DONE) != 0 ? CLOSED : r;
    }

    /** Fails an open connection (RFC 6455 §7.1.7): a close frame with {@code code}, then the TCP close. */
    private void failOpen(Io io, int i, long conn, int code) {
        if ((state[i] & CLOSE_SENT) == 0) {
            state[i] |= CLOSE_SENT;
            writeClose(io, conn, code, "");
        }
        endOpen(io, i, conn, code);
        io.closeGraceful(conn, linger);
    }

    private void endOpen(Io io, int i, long conn, int code) {
        final WebSocketClientHandler h = handler[i];
        handler[i] = null;
        state[i] |= DONE;
        releaseSlots(io, i);
        if (h != null) {
            try {
                h.onClose(session(io, conn), code);
            } catch (RuntimeException e) {
                handlerErrors++;
            }
        }
    }

    // ------------------------------------------------------------------ sending

    boolean isOpen(long conn) {
        final int i = (int) conn;
        return connId != null && conn != 0 && i >= 0 && i < connId.length && connId[i] == conn
            && (state[i] & (OPEN | CLOSE_SENT | DONE)) == OPEN;
    }

    boolean compressionActive(long conn) {
        return isOpen(conn) && deflate[(int) conn] != null && deflate[(int) conn].active();
    }

    boolean sendText(Io io, long conn, CharSequence text) {
        if (!isOpen(conn)) {
            return false;
        }
        final int bytes = Utf8Encoder.length(text);
        final SendBuffer staging = io.sendBuffer(Math.max(1, bytes));
        if (staging == null) {
            return false;
        }
        Utf8Encoder.encode(text, staging.buffer(), 0);
        try {
            return sendMessage(io, conn, WebSocketFrame.TEXT, staging.buffer(), 0, bytes);
        } finally {
            staging.abort();
        }
    }

    boolean sendMessage(Io io, long conn, int opcode, DirectBuffer src, int offset, int length) {
        if (!isOpen(conn)) {
            return false;
        }
        if (opcode != WebSocketFrame.TEXT && opcode != WebSocketFrame.BINARY) {
            throw new IllegalArgumentException("a message is TEXT or BINARY, was opcode " + opcode);
        }
        final PerMessageDeflate d = deflate[(int) conn];
        if (d != null && d.active()) {
            final SendBuffer sb = d.compressToSlot(io, src, offset, length, MAX_HEADER);
            if (sb != null) { // RFC 7692 §6: RSV1 on the (only) frame of a compressed message
                final int n = d.compressedLength();
                final int key = random.nextInt();
                final MutableDirectBuffer b = sb.buffer();
                final int h = WebSocketFrameEncoder.headerLength(n, true);
                b.putBytes(h, b, MAX_HEADER, n); // close the gap left for the longest header (copyMemory: memmove)
                WebSocketFrameEncoder.writeHeader(b, 0, opcode, true, true, n, true, key);
                WebSocketFrameDecoder.unmask(b, h, n, key);
                return io.send(conn, sb.length(h + n));
            }
        }
        final int max = largestSlot - MAX_HEADER;
        if (length <= max) {
            return writeFrame(io, conn, opcode, true, false, src, offset, length);
        }
        int done = 0; // larger than one slot: fragments (§5.4)
        while (done < length) {
            final int n = Math.min(max, length - done);
            if (!writeFrame(io, conn, done == 0 ? opcode : WebSocketFrame.CONTINUATION, done + n == length, false,
                src, offset + done, n)) {
                return false;
            }
            done += n;
        }
        return true;
    }

    boolean sendFrame(Io io, long conn, int opcode, boolean fin, boolean rsv1, DirectBuffer src, int offset, int length) {
        return isOpen(conn) && writeFrame(io, conn, opcode, fin, rsv1, src, offset, length);
    }

    /** One masked frame, written once into a TX slot and masked there (§5.3). */
    private boolean writeFrame(Io io, long conn, int opcode, boolean fin, boolean rsv1, DirectBuffer src, int offset,
                               int length) {
        final SendBuffer sb = io.sendBuffer(length + MAX_HEADER);
        if (sb == null) {
            return false;
        }
        final int key = random.nextInt();
        final MutableDirectBuffer b = sb.buffer();
        final int h = WebSocketFrameEncoder.writeHeader(b, 0, opcode, fin, rsv1, length, true, key);
        b.putBytes(h, src, offset, length);
        WebSocketFrameDecoder.unmask(b, h, length, key);
        return io.send(conn, sb.length(h + length));
    }

    private void writeClose(Io io, long conn, int code, CharSequence reason) {
        final SendBuffer sb = io.sendBuffer(MAX_HEADER + 125);
        if (sb != null) {
            final int n = WebSocketFrameEncoder.writeClose(sb.buffer(), 0, code, reason, true, random.nextInt());
            io.sendCritical(conn, sb.length(n));
        }
    }

    void close(Io io, long conn, int code, CharSequence reason) {
        if (!isOpen(conn)) {
            return;
        }
        final int i = (int) conn;
        state[i] |= CLOSE_SENT;
        deadline[i] = io.nanoTime() + config.closeTimeoutNanos();
        writeClose(io, conn, code, reason);
    }

    // ------------------------------------------------------------------ slots, timer

    private void releaseSlots(Io io, int i) {
        scratch.release(io, i);
        if (deflate[i] != null) {
            deflate[i].end(io);
        }
    }

    private long tickNanos() {
        return Math.max(10_000_000L, Math.min(config.handshakeTimeoutNanos(), config.closeTimeoutNanos()) / 4);
    }

    private void tick(Io io) {
        final long now = io.nanoTime();
        for (int i = 0; i < connId.length; i++) {
            if (connId[i] == 0 || (state[i] & DONE) != 0 || deadline[i] - now >= 0) {
                continue;
            }
            if ((state[i] & HANDSHAKE) != 0) {
                failHandshake(io, i, WebSocketClientException.Reason.TIMEOUT, "no 101 within the handshake timeout", 0);
            } else if ((state[i] & CLOSE_SENT) != 0) {
                final long conn = connId[i];
                endOpen(io, i, conn, 1006); // the server never answered our close frame
                io.close(conn);
            }
        }
        timer = io.scheduleTimer(now + tickNanos());
    }

    /** Closes every connection at once (shard thread): open sessions end with 1001 (going away). */
    public void closeAll(Io io) {
        if (connId == null) {
            return;
        }
        for (int i = 0; i < connId.length; i++) {
            final long conn = connId[i];
            if (conn == 0 || (state[i] & DONE) != 0) {
                continue;
            }
            if ((state[i] & OPEN) != 0) {
                failOpen(io, i, conn, 1001);
            } else {
                failHandshake(io, i, WebSocketClientException.Reason.CONNECTION_LOST, "client closed", 0);
            }
        }
    }

    /** Frees the compressors' native memory (after {@link #closeAll}, when the shard stops). */
    public void free() {
        if (deflate != null) {
            for (PerMessageDeflate d : deflate) {
                if (d != null) {
                    d.close();
                }
            }
        }
    }

    private void init(Io io) {
        if (connId == null) {
            final int n = io.config().maxConnections();
            connId = new long[n];
            state = new int[n];
            handler = new WebSocketClientHandler[n];
            decoder = new WebSocketFrameDecoder[n];
            deflate = new PerMessageDeflate[n];
            expectedAccept = new String[n];
            deadline = new long[n];
            scratch = new ScratchSlots(n);
            largestSlot = io.pools().tier(io.pools().tierCount() - 1).slotSize();
        }
    }
}

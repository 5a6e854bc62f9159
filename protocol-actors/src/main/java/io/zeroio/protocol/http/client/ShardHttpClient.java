package io.zeroio.protocol.http.client;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpRequestParser;
import io.zeroio.protocol.http.parse.HttpResponse;
import io.zeroio.protocol.http.parse.HttpResponseParser;
import io.zeroio.protocol.http.scratch.ScratchSlots;
import io.zeroio.runtime.error.SyscallException;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.shard.Event;
import io.zeroio.runtime.shard.EventType;
import io.zeroio.runtime.shard.Io;

/**
 * An HTTP/1.1 client living on one shard, with a per-shard connection pool: idle keep-alive
 * connections to each target are kept on a LIFO stack (the most recently used, warmest one is
 * reused first; the coldest ones age out past {@code maxIdlePerHost}). One request per connection
 * at a time (no pipelining). Requests are written once into a TX slot; responses are parsed in the
 * receive slot (a response straddling receives is gathered in a scratch slot), chunked bodies
 * decoded in place, and handed to a {@link ResponseHandler} inline.
 *
 * <p>Wire it into a shard's {@code InlineHandler}: call {@link #onEvent} for every event (it returns
 * false for events that are not the client's). Shard thread only. After warm-up, a request over a
 * pooled connection allocates nothing but what the caller's handler does.
 */
public final class ShardHttpClient {
    private static final int BUSY = 1;
    private static final int HEAD = 1 << 1;
    private static final int LIVE = 1 << 2;
    private static final int CONNECTING = 1 << 3;
    private static final int MIN_SCRATCH = 4096;

    private final HttpClientConfig config;
    private final HttpResponseParser parser;
    private final HttpResponse response;
    private HostPool[] pools = new HostPool[4];
    private int poolCount;
    private long[] connId;
    private int[] state;
    private ResponseHandler[] handler;
    private HostPool[] poolOf;
    private long[] deadline;
    private ScratchSlots scratch;
    private long timer = -1;
    private long opened;
    private long reused;
    private long requests;
    private long failures;
    private long handlerErrors;

    /** A client with {@code config}. */
    public ShardHttpClient(HttpClientConfig config) {
        this.config = config;
        this.parser = new HttpResponseParser(config.maxResponseHeadBytes(), config.maxResponseBodyBytes());
        this.response = new HttpResponse(config.maxHeaders());
    }

    /** Counters {connections opened, requests on reused connections, requests, failures, handler exceptions}. Shard thread. */
    public long[] stats() {
        return new long[] {opened, reused, requests, failures, handlerErrors};
    }

    /** Idle pooled connections to {@code target} (shard thread; for tests). */
    public int idle(InetSocketAddress target) {
        final HostPool p = find(target);
        return p == null ? 0 : p.count;
    }

    /** {@code GET path} on {@code target}. */
    public void get(Io io, InetSocketAddress target, CharSequence path, ResponseHandler h) {
        request(io, HttpMethod.GET, target, path, null, null, 0, 0, h);
    }

    /**
     * Sends {@code method path} to {@code target} over a pooled connection (or a new one), with an
     * optional body ({@code contentType} null: none). The outcome goes to {@code h}, inline — possibly
     * before this returns, when no slot or connection is available.
     */
    public void request(Io io, HttpMethod method, InetSocketAddress target, CharSequence path, CharSequence contentType,
                        DirectBuffer body, int offset, int length, ResponseHandler h) {
        init(io);
        requests++;
        final HostPool pool = pool(target);
        long conn = 0;
        while (pool.count > 0) { // LIFO: the connection used last is the warmest
            final long c = pool.idle[--pool.count];
            final int i = (int) c;
            if (connId[i] == c && (state[i] & LIVE) != 0) {
                conn = c;
                reused++;
                break;
            }
        }
        if (conn == 0) {
            try {
                conn = io.tcpConnect(target); // sends queue until CONNECTED
            } catch (ZeroIoException e) {
                failures++;
                h.onFailure(HttpClientFailure.CONNECT_FAILED, e instanceof SyscallException s ? s.errno() : 0);
                return;
            }
            opened++;
            final int i = (int) conn;
            connId[i] = conn;
            state[i] = LIVE | CONNECTING;
            scratch.adopt(i, 0, 0);
        }
        final int i = (int) conn;
        state[i] = (state[i] & CONNECTING) | LIVE | BUSY | (method == HttpMethod.HEAD ? HEAD : 0);
        handler[i] = h;
        poolOf[i] = pool;
        deadline[i] = io.nanoTime() + config.responseTimeoutNanos();
        if (!write(io, conn, method, pool, path, contentType, body, offset, length)) {
            fail(io, i, HttpClientFailure.NO_RESOURCES, 0);
        }
        if (timer == -1) {
            timer = io.scheduleTimer(io.nanoTime() + Math.max(10_000_000L, config.responseTimeoutNanos() / 4));
        }
    }

    private boolean write(Io io, long conn, HttpMethod method, HostPool pool, CharSequence path, CharSequence contentType,
                          DirectBuffer body, int offset, int length) {
        final int need = 64 + method.name().length() + path.length() + pool.host.length
            + (contentType == null ? 0 : contentType.length() + 40) + length;
        final SendBuffer sb = io.sendBuffer(need);
        if (sb == null) {
            return false;
        }
        final MutableDirectBuffer b = sb.buffer();
        int p = 0;
        p += putAscii(b, p, method.name());
        b.putByte(p++, (byte) ' ');
        p += putAscii(b, p, path);
        p += putAscii(b, p, " HTTP/1.1\r\nHost: ");
        b.putBytes(p, pool.host);
        p += pool.host.length;
        p += putAscii(b, p, "\r\n");
        if (contentType != null) {
            p += putAscii(b, p, "Content-Type: ");
            p += putAscii(b, p, contentType);
            p += putAscii(b, p, "\r\nContent-Length: ");
            p += b.putIntAscii(p, length);
            p += putAscii(b, p, "\r\n");
        }
        p += putAscii(b, p, "\r\n");
        if (length > 0) {
            b.putBytes(p, body, offset, length);
            p += length;
        }
        return io.send(conn, sb.length(p));
    }

    private static int putAscii(MutableDirectBuffer b, int at, CharSequence s) {
        for (int k = 0; k < s.length(); k++) {
            b.putByte(at + k, (byte) s.charAt(k));
        }
        return s.length();
    }

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
        if (i < 0 || i >= connId.length || connId[i] != conn || conn == 0) {
            return false;
        }
        switch (event.type()) {
            case CONNECTED -> state[i] &= ~CONNECTING;
            case DATA -> data(io, i, conn, event);
            case PEER_CLOSED -> {
                if ((state[i] & BUSY) != 0) {
                    atClose(io, i, conn);
                }
                state[i] &= ~LIVE;
                io.close(conn);
            }
            case ERROR, RESET -> {
                if ((state[i] & BUSY) != 0) {
                    fail(io, i, event.type() == EventType.ERROR && (state[i] & CONNECTING) != 0
                        ? HttpClientFailure.CONNECT_FAILED : HttpClientFailure.CONNECTION_LOST, event.errno());
                }
                state[i] &= ~LIVE;
            }
            case DISCONNECTED -> {
                if ((state[i] & BUSY) != 0) {
                    fail(io, i, HttpClientFailure.CONNECTION_LOST, event.errno());
                }
                scratch.release(io, i);
                state[i] = 0;
                connId[i] = 0;
            }
            default -> {
            }
        }
        return true;
    }

    private void data(Io io, int i, long conn, Event event) {
        if ((state[i] & BUSY) == 0) {
            state[i] &= ~LIVE; // bytes nobody asked for: the connection is unusable
            io.close(conn);
            return;
        }
        if (scratch.handle(i) != 0) {
            if (!scratch.append(io, i, event.address(), event.length(), Integer.MAX_VALUE)) {
                fail(io, i, HttpClientFailure.INVALID_RESPONSE, 0);
                return;
            }
            complete(io, i, conn, scratch.address(io, i), scratch.length(i));
            return;
        }
        final int r = complete(io, i, conn, event.address(), event.length());
        if (r == HttpRequestParser.NEED_MORE) {
            final SendBuffer b = io.sendBuffer(Math.max(MIN_SCRATCH, event.length()));
            if (b == null) {
                fail(io, i, HttpClientFailure.NO_RESOURCES, 0);
                return;
            }
            final long h = b.take();
            b.pool().copy(event.address(), b.pool().address(h), event.length());
            scratch.adopt(i, h, event.length());
        }
    }

    /** Parses what arrived; delivers a complete response. Returns the parse result. */
    private int complete(Io io, int i, long conn, long address, int length) {
        response.wrap(address, length);
        final int r = parser.parse(response, (state[i] & HEAD) != 0);
        if (r == HttpRequestParser.NEED_MORE) {
            return r;
        }
        if (r < 0) {
            fail(io, i, HttpClientFailure.INVALID_RESPONSE, 0);
            return r;
        }
        deliver(io, i, conn, r == length && response.isKeepAlive());
        return r;
    }

    private void atClose(Io io, int i, long conn) {
        if (scratch.handle(i) == 0) {
            fail(io, i, HttpClientFailure.CONNECTION_LOST, 0);
            return;
        }
        response.wrap(scratch.address(io, i), scratch.length(i));
        final int r = parser.parseAtClose(response, (state[i] & HEAD) != 0);
        if (r < 0) {
            fail(io, i, HttpClientFailure.CONNECTION_LOST, 0);
        } else {
            deliver(io, i, conn, false);
        }
    }

    private void deliver(Io io, int i, long conn, boolean reusable) {
        final ResponseHandler h = handler[i];
        final HostPool pool = poolOf[i];
        handler[i] = null;
        state[i] &= ~(BUSY | HEAD);
        // Back in the pool before the handler runs: a follow-up request it sends to the same target
        // reuses this connection (the response it reads stays where it is until the handler returns).
        final boolean keep = reusable && (state[i] & LIVE) != 0 && pool.count < pool.idle.length;
        if (keep) {
            pool.idle[pool.count++] = conn;
        }
        try {
            h.onResponse(response);
        } catch (RuntimeException e) {
            handlerErrors++; // the handler's bug must not take the shard down
        } finally {
            scratch.release(io, i);
            if (!keep) {
                state[i] &= ~LIVE;
                io.close(conn);
            }
        }
    }

    private void fail(Io io, int i, HttpClientFailure failure, int errno) {
        final ResponseHandler h = handler[i];
        handler[i] = null;
        state[i] &= ~(BUSY | HEAD | LIVE);
        scratch.release(io, i);
        io.close(connId[i]);
        failures++;
        if (h != null) {
            try {
                h.onFailure(failure, errno);
            } catch (RuntimeException e) {
                handlerErrors++;
            }
        }
    }


    private void tick(Io io) {
        final long now = io.nanoTime();
        for (int i = 0; i < connId.length; i++) {
            if ((state[i] & BUSY) != 0 && deadline[i] - now < 0) {
                fail(io, i, HttpClientFailure.TIMEOUT, 0);
            }
        }
        timer = io.scheduleTimer(now + Math.max(10_000_000L, config.responseTimeoutNanos() / 4));
    }

    /** Closes every pooled connection (shard thread). */
    public void closeIdle(Io io) {
        for (int k = 0; k < poolCount; k++) {
            final HostPool p = pools[k];
            while (p.count > 0) {
                final long c = p.idle[--p.count];
                if (connId[(int) c] == c) {
                    state[(int) c] &= ~LIVE;
                    io.close(c);
                }
            }
        }
    }

    private void init(Io io) {
        if (connId == null) {
            final int n = io.config().maxConnections();
            connId = new long[n];
            state = new int[n];
            handler = new ResponseHandler[n];
            poolOf = new HostPool[n];
            deadline = new long[n];
            scratch = new ScratchSlots(n);
        }
    }

    private HostPool find(InetSocketAddress target) {
        for (int k = 0; k < poolCount; k++) {
            if (pools[k].address.equals(target)) {
                return pools[k];
            }
        }
        return null;
    }

    private HostPool pool(InetSocketAddress target) {
        final HostPool found = find(target);
        if (found != null) {
            return found;
        }
        if (poolCount == pools.length) {
            pools = java.util.Arrays.copyOf(pools, poolCount * 2);
        }
        final HostPool p = new HostPool(target, config.maxIdlePerHost());
        pools[poolCount++] = p;
        return p;
    }

    /** Idle connections to one target, a LIFO stack. */
    private static final class HostPool {
        final InetSocketAddress address;
        final byte[] host;
        final long[] idle;
        int count;

        HostPool(InetSocketAddress address, int max) {
            this.address = address;
            final String h = address.getHostString();
            this.host = ((h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + address.getPort())
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.idle = new long[max];
        }
    }
}

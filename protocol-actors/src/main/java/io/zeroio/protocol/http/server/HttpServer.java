package io.zeroio.protocol.http.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.PoolTier;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;

/**
 * An inline HTTP/1.1 server on one or more shards: each shard is a {@link ShardRunner} running an
 * {@link HttpShardHandler}; with several shards they share the port through SO_REUSEPORT.
 *
 * <pre>{@code
 * Router router = new Router().get("/plaintext", (req, res) -> res.ok("Hello, World!"));
 * try (HttpServer server = HttpServer.start(new InetSocketAddress("127.0.0.1", 8080), 1,
 *         HttpServerConfig.defaults(), BackendKind.AUTO, router)) { ... }
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {
    private final List<ShardRunner> runners;
    private final List<HttpShardHandler> handlers;
    private final InetSocketAddress address;
    private volatile boolean closed;

    private HttpServer(List<ShardRunner> runners, List<HttpShardHandler> handlers, InetSocketAddress address) {
        this.runners = runners;
        this.handlers = handlers;
        this.address = address;
    }

    /**
     * The shard settings an HTTP server wants: tier 0 for receives (2 KiB slots), tier 1 for
     * responses and scratch ({@code response-buffer}-sized), tier 2 large enough for the largest
     * request the limits allow (head + inline body), so a request never outgrows its scratch slot.
     */
    public static Config shardConfig(String name, HttpServerConfig http, BackendKind backend, int cpu) {
        final int tx = Math.max(4096, Integer.highestOneBit(http.responseBufferBytes() - 1) << 1);
        final long largest = Math.max((long) http.maxHeadBytes() + http.maxBodyBytes(), http.websocketMaxFrameBytes() + 14) + 64;
        final int big = (int) Math.max(tx * 2L, Long.highestOneBit(largest - 1) << 1);
        return Config.builder().name(name).backend(backend).cpu(cpu)
            .pools(new PoolTier(2048, 4096), new PoolTier(tx, 1024), new PoolTier(big, 32))
            .build();
    }

    /**
     * Starts one shard with the caller's shard settings (e.g. another wakeup strategy or pinning;
     * {@link #shardConfig} gives the pool tiers it should have) serving {@code handler} on {@code address}.
     */
    public static HttpServer start(InetSocketAddress address, HttpServerConfig http, Config shard, HttpHandler handler)
        throws ZeroIoException {
        return start(address, 1, http, i -> shard, handler);
    }

    /**
     * Starts {@code shards} shards serving {@code handler} on {@code address} (port 0: any free
     * port, see {@link #port()}) and returns once all listen.
     */
    public static HttpServer start(InetSocketAddress address, int shards, HttpServerConfig http, BackendKind backend,
                                   HttpHandler handler) throws ZeroIoException {
        return start(address, shards, http, i -> shardConfig("zero-io-http-" + i, http, backend, -1), handler);
    }

    /**
     * Starts {@code shards} shards where shard {@code i} serves {@code handlers.apply(i)} and tells
     * {@code listeners.apply(i)} (may return null) of its connections: for serving modes that keep
     * per-shard, per-connection state (Pekko Streams, actors).
     */
    public static HttpServer start(InetSocketAddress address, int shards, HttpServerConfig http, BackendKind backend,
                                   java.util.function.IntFunction<HttpHandler> handlers,
                                   java.util.function.IntFunction<HttpConnectionListener> listeners) throws ZeroIoException {
        return start(address, shards, http, i -> shardConfig("zero-io-http-" + i, http, backend, -1), handlers, listeners);
    }

    private static HttpServer start(InetSocketAddress address, int shards, HttpServerConfig http,
                                    java.util.function.IntFunction<Config> configs, HttpHandler handler)
        throws ZeroIoException {
        return start(address, shards, http, configs, i -> handler, i -> null);
    }

    private static HttpServer start(InetSocketAddress address, int shards, HttpServerConfig http,
                                    java.util.function.IntFunction<Config> configs,
                                    java.util.function.IntFunction<HttpHandler> handlerOf,
                                    java.util.function.IntFunction<HttpConnectionListener> listenerOf)
        throws ZeroIoException {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, was " + shards);
        }
        final List<ShardRunner> runners = new ArrayList<>();
        final List<HttpShardHandler> handlers = new ArrayList<>();
        InetSocketAddress bound = address;
        try {
            for (int i = 0; i < shards; i++) {
                final HttpShardHandler h = new HttpShardHandler(http, handlerOf.apply(i), bound, shards > 1)
                    .connectionListener(listenerOf.apply(i));
                final ShardRunner r = ShardRunner.start(configs.apply(i), h);
                runners.add(r);
                handlers.add(h);
                if (i == 0) {
                    bound = (InetSocketAddress) r.call(io -> {
                        try {
                            return io.localAddress(h.endpoint());
                        } catch (ZeroIoException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
        } catch (ZeroIoException | RuntimeException e) {
            for (ShardRunner r : runners) {
                r.close();
            }
            throw e;
        }
        return new HttpServer(Collections.unmodifiableList(runners), handlers, bound);
    }

    /** The bound address (real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** The bound port. */
    public int port() {
        return address.getPort();
    }

    /** The shard runners, shard 0 first. */
    public List<ShardRunner> runners() {
        return runners;
    }

    /** The shard handlers, shard 0 first (their methods run on their shard: use {@link ShardRunner#call}). */
    public List<HttpShardHandler> handlers() {
        return handlers;
    }

    /** The backend of shard 0. */
    public String backendName() throws ZeroIoException {
        return runners.get(0).call(Io::backendName);
    }

    /** The counters of every shard, summed (asks each shard on its thread). */
    public HttpServerStats stats() throws ZeroIoException {
        long[] sum = new long[11];
        for (int i = 0; i < runners.size(); i++) {
            final HttpShardHandler h = handlers.get(i);
            final HttpServerStats s = runners.get(i).call(io -> h.stats());
            final long[] v = {s.requests(), s.responses(), s.refused(), s.timeouts(), s.idleClosed(), s.handlerErrors(),
                s.straddles(), s.straddleBytes(), s.pipelinePauses(), s.sendFailures(), s.continues()};
            for (int k = 0; k < v.length; k++) {
                sum[k] += v[k];
            }
        }
        return new HttpServerStats(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8], sum[9], sum[10]);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes every shard, last first. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = runners.size() - 1; i >= 0; i--) {
            runners.get(i).close();
        }
    }
}

package io.zeroio.protocol.http.server;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * Server settings shared by the asynchronous serving modes (Pekko Streams, actors): limits,
 * shard count, backend, and the inline middleware chain each request passes on its shard before it
 * crosses to another thread. Immutable; every setter returns a copy.
 */
public final class ServingOptions {
    private final HttpServerConfig config;
    private final int shards;
    private final BackendKind backend;
    private final Function<HttpHandler, HttpHandler> middleware;

    private ServingOptions(HttpServerConfig config, int shards, BackendKind backend, Function<HttpHandler, HttpHandler> middleware) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, was " + shards);
        }
        this.config = Objects.requireNonNull(config, "config");
        this.shards = shards;
        this.backend = Objects.requireNonNull(backend, "backend");
        this.middleware = Objects.requireNonNull(middleware, "middleware");
    }

    /** Defaults: {@code zero-io.http} defaults, 1 shard, backend AUTO, no middleware. */
    public static ServingOptions defaults() {
        return new ServingOptions(HttpServerConfig.defaults(), 1, BackendKind.AUTO, Function.identity());
    }

    /** The HTTP limits. */
    public ServingOptions config(HttpServerConfig value) {
        return new ServingOptions(value, shards, backend, middleware);
    }

    /** Shards (SO_REUSEPORT when more than one). */
    public ServingOptions shards(int value) {
        return new ServingOptions(config, value, backend, middleware);
    }

    /** The shard backend. */
    public ServingOptions backend(BackendKind value) {
        return new ServingOptions(config, shards, value, middleware);
    }

    /**
     * Wraps the dispatch handler of each shard, e.g.
     * {@code inner -> Middleware.chain(inner, new Cors(...), BearerAuth.bearer(...), new RequestId("id"))}:
     * called once per shard (middleware keeps shard-thread state), runs inline on the shard;
     * middleware that answers (preflight, 401) keeps the request from crossing, headers it queues
     * reach the asynchronous reply, {@code ZeroTraceLayer} records the reply's real status and latency
     * (through {@code ZeroResponse.onComplete}, told on the shard when the reply is sent; 503 for the
     * request timeout) and {@code ZeroCompressionLayer}'s negotiated coding is applied to the reply's
     * body on the thread that writes it.
     */
    public ServingOptions middleware(Function<HttpHandler, HttpHandler> value) {
        return new ServingOptions(config, shards, backend, value);
    }

    /** The HTTP limits. */
    public HttpServerConfig config() {
        return config;
    }

    /** Starts the shards: shard {@code i} dispatches to {@code dispatchers.apply(i)}, wrapped in the middleware. */
    public <D extends HttpHandler & HttpConnectionListener> HttpServer start(InetSocketAddress address, IntFunction<D> dispatchers)
        throws ZeroIoException {
        @SuppressWarnings("unchecked")
        final D[] made = (D[]) new HttpHandler[shards];
        return HttpServer.start(address, shards, config, backend, i -> {
            made[i] = dispatchers.apply(i);
            return middleware.apply(made[i]);
        }, i -> made[i]);
    }
}

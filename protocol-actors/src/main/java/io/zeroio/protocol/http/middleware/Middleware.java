package io.zeroio.protocol.http.middleware;

import io.zeroio.protocol.http.server.HttpHandler;

/**
 * Wraps a handler with cross-cutting work (CORS, authentication, request ids ...), inline on the
 * shard thread. Middleware answers a request itself (a preflight, a 401) or calls the next handler,
 * possibly after queueing headers with {@code ZeroResponse.headerOnStatus}. The ones in this package
 * allocate nothing per request.
 */
@FunctionalInterface
public interface Middleware {
    /** The handler that runs this middleware, then (maybe) {@code next}. */
    HttpHandler wrap(HttpHandler next);

    /** {@code handler} wrapped so that {@code outermost} runs first: {@code chain(h, a, b)} = a(b(h)). */
    static HttpHandler chain(HttpHandler handler, Middleware... outermostFirst) {
        HttpHandler h = handler;
        for (int i = outermostFirst.length - 1; i >= 0; i--) {
            h = outermostFirst[i].wrap(h);
        }
        return h;
    }
}

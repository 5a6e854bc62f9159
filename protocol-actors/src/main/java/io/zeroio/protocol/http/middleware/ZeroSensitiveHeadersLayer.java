package io.zeroio.protocol.http.middleware;

import java.util.List;

import com.typesafe.config.Config;

import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.parse.SensitiveHeaders;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpHandler;

/**
 * Marks header names as sensitive (tower-http's {@code sensitive_headers}): every print of the
 * request — {@code HttpRequest/DetachedHttpRequest.toString()}, {@code dump()}, the log lines of
 * {@link ZeroTraceLayer} — shows {@value SensitiveHeaders#REDACTED} instead of their values. The
 * mark travels with {@code request.detach()}. Requests carry {@link SensitiveHeaders#DEFAULT}
 * (Authorization, Cookie, Set-Cookie, Proxy-Authorization) even without this layer; use it to add
 * names (API keys, session headers). Marking stores one reference: 0 B/request.
 *
 * <p>Put it outside the tracing layer so the trace logs see the mark. Stateless: one instance may
 * serve every shard. Config: {@code zero-io.http.middleware.sensitive-headers.names}.
 */
public final class ZeroSensitiveHeadersLayer implements Middleware {
    private static final String BLOCK = "sensitive-headers";
    private final SensitiveHeaders names;

    /** Redacts exactly {@code names}. */
    public ZeroSensitiveHeadersLayer(SensitiveHeaders names) {
        this.names = names;
    }

    /** Redacts the defaults (Authorization, Cookie, Set-Cookie, Proxy-Authorization). */
    public static ZeroSensitiveHeadersLayer defaults() {
        return new ZeroSensitiveHeadersLayer(SensitiveHeaders.DEFAULT);
    }

    /** Redacts the defaults plus {@code more}. */
    public static ZeroSensitiveHeadersLayer defaultsPlus(String... more) {
        return of(SensitiveHeaders.defaultsPlus(List.of(more)).names());
    }

    /** Redacts exactly {@code names}; a name that is not an HTTP token throws {@link MiddlewareConfigException}. */
    public static ZeroSensitiveHeadersLayer of(List<String> names) {
        try {
            return new ZeroSensitiveHeadersLayer(SensitiveHeaders.of(names));
        } catch (IllegalArgumentException e) {
            throw new MiddlewareConfigException(MiddlewareSettings.key(BLOCK, "names"), e.getMessage());
        }
    }

    /** From {@code zero-io.http.middleware.sensitive-headers} of {@code root}. */
    public static ZeroSensitiveHeadersLayer fromConfig(Config root) {
        final Config c = MiddlewareSettings.block(root, BLOCK);
        return of(MiddlewareSettings.strings(c, BLOCK, "names"));
    }

    /** The names this layer marks. */
    public SensitiveHeaders names() {
        return names;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return (request, response) -> handle(request, response, next);
    }

    private void handle(HttpRequest request, ZeroResponse response, HttpHandler next) {
        request.sensitiveHeaders(names);
        next.handle(request, response);
    }
}

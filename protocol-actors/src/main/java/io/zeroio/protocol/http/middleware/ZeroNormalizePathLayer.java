package io.zeroio.protocol.http.middleware;

import com.typesafe.config.Config;

import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.parse.PathNormalizer;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpHandler;

/**
 * Path normalisation in front of a {@code Router} (tower-http's {@code normalize_path}): the
 * request path is rewritten in place in the receive slot ({@link PathNormalizer}: unreserved
 * {@code %XX} decoded, {@code //} collapsed, {@code .}/{@code ..} resolved), so the router then
 * matches {@code /api/v1/users} for {@code //api/./v1/x/../users}. A {@code ..} that would climb
 * above the root gets 400. A trailing slash is kept, trimmed, or answered with a
 * {@code 308 Permanent Redirect} to the path without it ({@link TrailingSlash}). 0 B/request.
 *
 * <p>Put it outermost, around the router: {@code Middleware.chain(router, normalizePath, ...)}.
 * Stateless: one instance may serve every shard. Config: {@code zero-io.http.middleware.normalize-path}.
 */
public final class ZeroNormalizePathLayer implements Middleware {
    private static final String BLOCK = "normalize-path";

    /** What happens to a trailing slash ({@code /users/}); the root {@code /} is never touched. */
    public enum TrailingSlash {
        /** Left as sent: {@code /users/} and {@code /users} are different routes. */
        KEEP,
        /** Removed in place before routing: {@code /users/} is served as {@code /users}. */
        TRIM,
        /** Answered with 308 and {@code Location} = the normalised path without the slash (plus the query). */
        REDIRECT
    }

    private final TrailingSlash trailingSlash;
    private final boolean decodeUnreserved;

    private ZeroNormalizePathLayer(Builder b) {
        this.trailingSlash = b.trailingSlash;
        this.decodeUnreserved = b.decodeUnreserved;
    }

    /** The defaults: trailing slashes kept, unreserved characters decoded. */
    public static ZeroNormalizePathLayer defaults() {
        return builder().build();
    }

    /** A builder with the defaults of {@code reference.conf}. */
    public static Builder builder() {
        return new Builder();
    }

    /** From {@code zero-io.http.middleware.normalize-path} of {@code root} (e.g. {@code ConfigFactory.load()}). */
    public static ZeroNormalizePathLayer fromConfig(Config root) {
        final Config c = MiddlewareSettings.block(root, BLOCK);
        return builder()
            .trailingSlash(TrailingSlash.valueOf(MiddlewareSettings.word(c, BLOCK, "trailing-slash", "keep", "trim", "redirect")
                .toUpperCase(java.util.Locale.ROOT)))
            .decodeUnreserved(MiddlewareSettings.bool(c, BLOCK, "decode-unreserved"))
            .build();
    }

    /** The trailing-slash policy. */
    public TrailingSlash trailingSlash() {
        return trailingSlash;
    }

    /** Whether unreserved {@code %XX} are decoded. */
    public boolean decodeUnreserved() {
        return decodeUnreserved;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return (request, response) -> handle(request, response, next);
    }

    private void handle(HttpRequest request, ZeroResponse response, HttpHandler next) {
        final int r = PathNormalizer.normalize(request, decodeUnreserved, trailingSlash != TrailingSlash.KEEP);
        if (r == PathNormalizer.ESCAPES_ROOT) {
            response.text(400, "path escapes the root");
            return;
        }
        if (r == PathNormalizer.TRIMMED_SLASH && trailingSlash == TrailingSlash.REDIRECT) {
            // target() is the normalised path (+ query): written into the TX slot at once, no copy kept
            response.status(308).header("Location", request.target()).end();
            return;
        }
        next.handle(request, response);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private TrailingSlash trailingSlash = TrailingSlash.KEEP;
        private boolean decodeUnreserved = true;

        Builder() {
        }

        /** {@code trailing-slash = keep | trim | redirect} (default keep). */
        public Builder trailingSlash(TrailingSlash v) {
            if (v == null) {
                throw new MiddlewareConfigException(MiddlewareSettings.key(BLOCK, "trailing-slash"), "must be set");
            }
            trailingSlash = v;
            return this;
        }

        /** {@code decode-unreserved} (default true). */
        public Builder decodeUnreserved(boolean v) {
            decodeUnreserved = v;
            return this;
        }

        /** The middleware. */
        public ZeroNormalizePathLayer build() {
            return new ZeroNormalizePathLayer(this);
        }
    }
}

package io.zeroio.protocol.http.middleware;

import java.util.List;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpHandler;

/**
 * CORS (Fetch standard §3.2): answers preflights ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) with 204 and the allowed methods/headers/max-age, and adds
 * {@code Access-Control-Allow-Origin} (+ {@code Vary: Origin}) to responses for allowed origins.
 * Origins outside the list get no CORS headers (the browser then blocks the response). The
 * allowed origin echoed back is the configured string, so nothing is copied per request.
 */
public final class Cors implements Middleware {
    private final String[] origins;
    private final boolean any;
    private final String methods;
    private final String headers;
    private final String maxAge;

    /**
     * @param origins allowed origins exactly as browsers send them (e.g. {@code https://app.example}), or {@code "*"}
     * @param methods value of {@code Access-Control-Allow-Methods}
     * @param headers value of {@code Access-Control-Allow-Headers}
     * @param maxAgeSeconds preflight cache time
     */
    public Cors(List<String> origins, String methods, String headers, int maxAgeSeconds) {
        this.origins = origins.toArray(String[]::new);
        this.any = origins.contains("*");
        this.methods = methods;
        this.headers = headers;
        this.maxAge = Integer.toString(maxAgeSeconds);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return (request, response) -> handle(request, response, next);
    }

    private void handle(HttpRequest request, ZeroResponse response, HttpHandler next) {
        final AsciiView origin = request.header("Origin");
        final String allowed = origin == null ? null : allowed(origin);
        if (allowed == null) {
            next.handle(request, response);
            return;
        }
        if (request.method() == HttpMethod.OPTIONS && request.headerIndex("Access-Control-Request-Method") >= 0) {
            response.status(204)
                .header("Access-Control-Allow-Origin", allowed)
                .header("Access-Control-Allow-Methods", methods)
                .header("Access-Control-Allow-Headers", headers)
                .header("Access-Control-Max-Age", maxAge)
                .header("Vary", "Origin")
                .end();
            return;
        }
        response.headerOnStatus("Access-Control-Allow-Origin", allowed).headerOnStatus("Vary", "Origin");
        next.handle(request, response);
    }

    private String allowed(AsciiView origin) {
        if (any) {
            return "*";
        }
        for (String o : origins) {
            if (origin.contentEquals(o)) {
                return o;
            }
        }
        return null;
    }
}

package io.zeroio.protocol.http.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;

/**
 * Inline router: method + exact path (or path prefix) → {@link HttpHandler}. Lookup hashes the
 * path bytes in the slot and probes an open-addressing table built at configuration time, so
 * routing allocates nothing. No match → 404; a path known for other methods → 405 with
 * {@code Allow}; HEAD falls back to the GET handler (the response drops the body).
 *
 * <p>Configure before serving (not thread-safe while configuring); after that it is read-only.
 */
public final class Router implements HttpHandler {
    private static final int METHODS = HttpMethod.values().length;

    private byte[][] paths = new byte[8][];
    private HttpHandler[][] handlers = new HttpHandler[8][];
    private String[] allow = new String[8];
    private int routes;
    private int[] table = new int[16];
    private byte[][] prefixes = new byte[0][];
    private HttpHandler[][] prefixHandlers = new HttpHandler[0][];
    private String[] prefixAllow = new String[0];
    private HttpHandler fallback = (request, response) -> response.notFound();

    /** Routes GET {@code path}. */
    public Router get(String path, HttpHandler handler) {
        return route(HttpMethod.GET, path, handler);
    }

    /** Routes POST {@code path}. */
    public Router post(String path, HttpHandler handler) {
        return route(HttpMethod.POST, path, handler);
    }

    /** Routes PUT {@code path}. */
    public Router put(String path, HttpHandler handler) {
        return route(HttpMethod.PUT, path, handler);
    }

    /** Routes DELETE {@code path}. */
    public Router delete(String path, HttpHandler handler) {
        return route(HttpMethod.DELETE, path, handler);
    }

    /**
     * Serves a WebSocket endpoint at {@code path}: a valid upgrade request (RFC 6455 §4.2.1) gets
     * 101 and the connection's frames go to {@code handler}; any other GET there gets 426. The 101
     * accepts a permessage-deflate offer when {@code zero-io.http.websocket.permessage-deflate} is on.
     */
    public Router websocket(String path, io.zeroio.protocol.http.websocket.WebSocketHandler handler) {
        return get(path, (request, response) -> {
            if (!io.zeroio.protocol.http.websocket.WebSocketHandshake.isUpgrade(request)) {
                response.status(426).header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13").end();
                return;
            }
            response.upgradeToWebSocket(
                io.zeroio.protocol.http.websocket.WebSocketHandshake.accept(request.header("Sec-WebSocket-Key")), handler,
                request.header("Sec-WebSocket-Extensions")); // permessage-deflate as the server's config allows
        });
    }

    /** Routes {@code method} on the exact raw path {@code path} (no query; must start with '/'). */
    public Router route(HttpMethod method, String path, HttpHandler handler) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/', was " + path);
        }
        final byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        int r = find(p);
        if (r < 0) {
            if (routes == paths.length) {
                paths = Arrays.copyOf(paths, routes * 2);
                handlers = Arrays.copyOf(handlers, routes * 2);
                allow = Arrays.copyOf(allow, routes * 2);
            }
            r = routes++;
            paths[r] = p;
            handlers[r] = new HttpHandler[METHODS];
            rebuild();
        }
        if (handlers[r][method.ordinal()] != null) {
            throw new IllegalArgumentException(method + " " + path + " is routed twice");
        }
        handlers[r][method.ordinal()] = handler;
        allow[r] = allowOf(handlers[r]);
        return this;
    }

    /** Routes {@code method} on every path starting with {@code prefix} (tried after exact paths, longest first). */
    public Router prefix(HttpMethod method, String prefix, HttpHandler handler) {
        final byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        int r = -1;
        for (int i = 0; i < prefixes.length; i++) {
            if (Arrays.equals(prefixes[i], p)) {
                r = i;
            }
        }
        if (r < 0) {
            r = prefixes.length;
            prefixes = Arrays.copyOf(prefixes, r + 1);
            prefixHandlers = Arrays.copyOf(prefixHandlers, r + 1);
            prefixAllow = Arrays.copyOf(prefixAllow, r + 1);
            prefixes[r] = p;
            prefixHandlers[r] = new HttpHandler[METHODS];
        }
        prefixHandlers[r][method.ordinal()] = handler;
        prefixAllow[r] = allowOf(prefixHandlers[r]);
        // longest prefix first
        for (int i = prefixes.length - 1; i > 0 && prefixes[i].length > prefixes[i - 1].length; i--) {
            swap(i, i - 1);
        }
        return this;
    }

    /**
     * Routes {@code method} on {@code path} with a streamed body ({@link BodyStream}): the handler
     * is called when the head arrives, and the body — any size up to {@code max-stream-body},
     * {@code Content-Length} or chunked — follows as leases on the receive slots.
     */
    public Router stream(HttpMethod method, String path, BodyStreamHandler handler) {
        return route(method, path, new StreamRoute(handler));
    }

    /** A route registered by {@link #stream}: its handler, found by {@link #bodyStream}. */
    private record StreamRoute(BodyStreamHandler handler) implements HttpHandler {
        @Override
        public void handle(HttpRequest request, ZeroResponse response) {
            // the server streams every request of this route (bodyStream); this runs only if a
            // caller bypassed it (e.g. a Router nested in a lambda): refuse rather than misread
            response.send(500);
        }
    }

    @Override
    public BodyStreamHandler bodyStream(HttpRequest head) {
        final AsciiView path = head.path();
        final int r = lookup(path);
        if (r < 0) {
            return null;
        }
        final HttpHandler h = handlers[r][head.method().ordinal()];
        return h instanceof StreamRoute s ? s.handler() : null;
    }

    /** What answers requests no route matches (default: 404). */
    public Router notFound(HttpHandler handler) {
        this.fallback = handler;
        return this;
    }

    @Override
    public void handle(HttpRequest request, ZeroResponse response) {
        final AsciiView path = request.path();
        final int r = lookup(path);
        if (r >= 0) {
            dispatch(handlers[r], allow[r], request, response);
            return;
        }
        for (int i = 0; i < prefixes.length; i++) {
            if (startsWith(path, prefixes[i])) {
                dispatch(prefixHandlers[i], prefixAllow[i], request, response);
                return;
            }
        }
        fallback.handle(request, response);
    }

    private static void dispatch(HttpHandler[] byMethod, String allowed, HttpRequest request, ZeroResponse response) {
        HttpHandler h = byMethod[request.method().ordinal()];
        if (h == null && request.method() == HttpMethod.HEAD) {
            h = byMethod[HttpMethod.GET.ordinal()];
        }
        if (h == null) {
            response.status(405).header("Allow", allowed).end();
            return;
        }
        h.handle(request, response);
    }

    private int lookup(AsciiView path) {
        final int n = path.length();
        int hash = 0x811C9DC5;
        for (int i = 0; i < n; i++) {
            hash = (hash ^ (path.byteAt(i) & 0xFF)) * 0x01000193;
        }
        final int mask = table.length - 1;
        for (int slot = mix(hash) & mask;; slot = (slot + 1) & mask) {
            final int r = table[slot] - 1;
            if (r < 0) {
                return -1;
            }
            final byte[] p = paths[r];
            if (p.length == n && equals(path, p)) {
                return r;
            }
        }
    }

    private static boolean equals(AsciiView path, byte[] p) {
        for (int i = 0; i < p.length; i++) {
            if (path.byteAt(i) != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(AsciiView path, byte[] p) {
        return path.length() >= p.length && equals(path, p);
    }

    private int find(byte[] p) {
        for (int i = 0; i < routes; i++) {
            if (Arrays.equals(paths[i], p)) {
                return i;
            }
        }
        return -1;
    }

    private void rebuild() {
        int size = 16;
        while (size < routes * 4) {
            size <<= 1;
        }
        table = new int[size];
        for (int r = 0; r < routes; r++) {
            int hash = 0x811C9DC5;
            for (byte b : paths[r]) {
                hash = (hash ^ (b & 0xFF)) * 0x01000193;
            }
            int slot = mix(hash) & (size - 1);
            while (table[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = r + 1;
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    private void swap(int a, int b) {
        final byte[] p = prefixes[a];
        prefixes[a] = prefixes[b];
        prefixes[b] = p;
        final HttpHandler[] h = prefixHandlers[a];
        prefixHandlers[a] = prefixHandlers[b];
        prefixHandlers[b] = h;
        final String s = prefixAllow[a];
        prefixAllow[a] = prefixAllow[b];
        prefixAllow[b] = s;
    }

    private static String allowOf(HttpHandler[] byMethod) {
        final StringBuilder b = new StringBuilder();
        for (HttpMethod m : HttpMethod.values()) {
            if (byMethod[m.ordinal()] != null || (m == HttpMethod.HEAD && byMethod[HttpMethod.GET.ordinal()] != null)) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(m.name());
            }
        }
        return b.toString();
    }
}

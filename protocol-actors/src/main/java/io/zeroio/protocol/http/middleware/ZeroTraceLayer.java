package io.zeroio.protocol.http.middleware;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.Config;

import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ResponseObserver;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpHandler;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Timer;
import kamon.tag.TagSet;

/**
 * Request tracing (tower-http's {@code TraceLayer}) into Kamon and, opt-in, into logs.
 *
 * <p><b>Metrics</b>, every request, 0 B/request: a counter {@code http.server.requests} and a timer
 * {@code http.server.latency} (nanoseconds: from the layer's entry until the handler returned, i.e.
 * until the response is in the TX slot — not until the kernel sent it), both tagged
 * {@code method}, {@code route} and {@code status} (the class: {@code 1xx} .. {@code 5xx}; a
 * handler that answered nothing or threw counts as {@code 5xx}, which the server then sends).
 * Tags come from a bounded set: the route is a fixed string per wrapped handler
 * ({@link #route(String)}, never the request's raw path), the method one of {@link HttpMethod}, the
 * status one of five classes. Each (method, status class) instrument is looked up once, the first
 * time it occurs on a route, and kept in a fixed array; afterwards a request costs a
 * {@code Counter.increment()} and a {@code Timer.record(nanos)} and allocates nothing. Kamon's
 * reporters (e.g. kamon-prometheus) publish them from their own threads.
 *
 * <p><b>Deferred requests</b> (the streams and actors modes, {@code HttpExchange.defer}): when the
 * inner handler returns with the request deferred, nothing is recorded yet; the layer registers
 * itself with {@link ZeroResponse#onComplete(ResponseObserver, long)} (the handler object is the
 * observer, pre-allocated; the token packs the start time and the method: no allocation), and the
 * server tells it on the shard when the answer is handed to the connection. The status is then the
 * answer's (a flow's 404 counts as {@code 4xx}), {@code 503} for the request timeout, {@code 500} for
 * a failed answer ({@code 5xx}); a client gone before its answer counts as {@code 5xx}. The latency
 * runs until the answer reached the shard. Log lines for deferred requests carry the method, status,
 * latency and route, but not the target, headers or request id (the request is released by then).
 *
 * <p><b>Logs</b> (slf4j logger {@code io.zeroio.http.trace}, INFO): off by default, because a log
 * line costs allocation (the message string, the logger's event) on the shard thread.
 * {@code log-every = N} logs every Nth request per route (1 = all); {@code log-headers} adds the
 * request's headers with sensitive values redacted ({@link ZeroSensitiveHeadersLayer}). A line:
 * {@code GET /users/7 -> 200 in 41 us route=/users/{id} id=shard0-1a}.
 *
 * <p>Thread-safety: instruments are thread-safe and the lazily filled arrays only ever receive the
 * same instrument for the same slot (Kamon returns the registered one), so a racy double lookup is
 * harmless; one instance may serve several shards (the log sampling counter is then approximate).
 * Config: {@code zero-io.http.middleware.trace}.
 */
public final class ZeroTraceLayer implements Middleware {
    private static final String BLOCK = "trace";
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final HttpMethod[] METHODS = HttpMethod.values();
    /** Low bits of a deferred request's token holding the method ordinal. */
    private static final long METHOD_MASK = 15;

    static {
        if (METHODS.length > METHOD_MASK + 1) {
            throw new ExceptionInInitializerError("more HTTP methods than the token's " + (METHOD_MASK + 1) + " values");
        }
    }

    private final String requestsMetric;
    private final String latencyMetric;
    private final String defaultRoute;
    private final int logEvery;
    private final boolean logHeaders;
    private final RequestId requestId;
    private final Logger log;

    private ZeroTraceLayer(Builder b) {
        requestsMetric = b.requestsMetric;
        latencyMetric = b.latencyMetric;
        defaultRoute = b.route;
        logEvery = b.logEvery;
        logHeaders = b.logHeaders;
        requestId = b.requestId;
        log = LoggerFactory.getLogger(b.logger);
    }

    /** Metrics only (no log lines), default names, route tag {@code unrouted}. */
    public static ZeroTraceLayer defaults() {
        return builder().build();
    }

    /** A builder with the defaults of {@code reference.conf}. */
    public static Builder builder() {
        return new Builder();
    }

    /** From {@code zero-io.http.middleware.trace} of {@code root} ({@code requestId}: the ids to log, or null). */
    public static ZeroTraceLayer fromConfig(Config root, RequestId requestId) {
        final Config c = MiddlewareSettings.block(root, BLOCK);
        return builder()
            .requestsMetric(MiddlewareSettings.string(c, BLOCK, "requests-metric"))
            .latencyMetric(MiddlewareSettings.string(c, BLOCK, "latency-metric"))
            .route(MiddlewareSettings.string(c, BLOCK, "route"))
            .logEvery(MiddlewareSettings.integer(c, BLOCK, "log-every", Integer.MIN_VALUE, Integer.MAX_VALUE))
            .logHeaders(MiddlewareSettings.bool(c, BLOCK, "log-headers"))
            .logger(MiddlewareSettings.string(c, BLOCK, "logger"))
            .requestId(requestId)
            .build();
    }

    /** The request counter's name. */
    public String requestsMetric() {
        return requestsMetric;
    }

    /** The latency timer's name. */
    public String latencyMetric() {
        return latencyMetric;
    }

    /** The route tag {@link #wrap} uses. */
    public String defaultRoute() {
        return defaultRoute;
    }

    /** 0: no log lines; N: one every N requests per route. */
    public int logEvery() {
        return logEvery;
    }

    /** Whether log lines carry the (redacted) request headers. */
    public boolean logHeaders() {
        return logHeaders;
    }

    /** The slf4j logger's name. */
    public String loggerName() {
        return log.getName();
    }

    /** This layer with {@code route} as the route tag: {@code router.get("/users/{id}", Middleware.chain(h, trace.route("/users/{id}")))}. */
    public Middleware route(String route) {
        checkTag(MiddlewareSettings.key(BLOCK, "route"), route);
        return next -> new Traced(route, next);
    }

    /** Wraps with the configured default route tag ({@code unrouted} unless set). */
    @Override
    public HttpHandler wrap(HttpHandler next) {
        return new Traced(defaultRoute, next);
    }

    /** The handler that measures one route (and, for deferred requests, the observer told their status). */
    private final class Traced implements HttpHandler, ResponseObserver {
        private final String route;
        private final HttpHandler next;
        // Volatile-read arrays (a plain load on x86): an instrument written by one shard's lookUp is read
        // fully constructed by another shard sharing this handler (set() is a release, get() an acquire).
        private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(METHODS.length * CLASSES.length);
        private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(METHODS.length * CLASSES.length);
        private long seen;

        Traced(String route, HttpHandler next) {
            this.route = route;
            this.next = next;
        }

        @Override
        public void handle(HttpRequest request, ZeroResponse response) {
            final long start = System.nanoTime();
            try {
                next.handle(request, response);
            } finally {
                if (response.isDeferred()) {
                    // answered later: the server tells onComplete the real status (no allocation: this
                    // object observes, the token carries the start time with the method in its low bits)
                    response.onComplete(this, (start & ~METHOD_MASK) | request.method().ordinal());
                } else {
                    record(request, request.method(), response.statusCode(), System.nanoTime() - start);
                }
            }
        }

        /** A deferred request was answered (on the shard): status and latency up to the answer. */
        @Override
        public void onComplete(long token, int status) {
            // the start time lost its low 4 bits to the method ordinal: < 16 ns off
            record(null, METHODS[(int) (token & METHOD_MASK)], status, System.nanoTime() - (token & ~METHOD_MASK));
        }

        /** {@code request}: the inline request (for log lines), or null for a deferred one (released by now). */
        private void record(HttpRequest request, HttpMethod method, int status, long nanos) {
            final int statusClass = status >= 100 && status < 600 ? status / 100 - 1 : 4;
            final int at = method.ordinal() * CLASSES.length + statusClass;
            Counter c = counters.get(at);
            Timer t = timers.get(at);
            if (c == null || t == null) {
                // first occurrence of (method, status class) on this route: register the pair once. Kamon
                // returns the same instruments for the same tags, so a racing shard stores identical references.
                final TagSet tags = TagSet.builder().add("method", method.name()).add("route", route)
                    .add("status", CLASSES[statusClass]).build();
                t = Kamon.timer(latencyMetric).withTags(tags);
                c = Kamon.counter(requestsMetric).withTags(tags);
                timers.set(at, t);
                counters.set(at, c);
            }
            c.increment();
            t.record(nanos);
            if (logEvery > 0 && ++seen % logEvery == 0 && log.isInfoEnabled()) {
                log(request, method, status == 0 && request != null ? 500 : status, nanos);
            }
        }

        private void log(HttpRequest request, HttpMethod method, int status, long nanos) {
            final StringBuilder b = new StringBuilder(96);
            b.append(method.name()).append(' ').append(request != null ? request.target() : "(deferred)").append(" -> ")
                .append(status).append(" in ").append(nanos / 1000).append(" us route=").append(route);
            if (request == null) {
                log.info(b.toString());
                return;
            }
            if (requestId != null && requestId.current() != null) {
                b.append(" id=").append(requestId.current());
            }
            if (logHeaders) {
                b.append(" {");
                request.appendHeaders(b, "; ");
                b.append('}');
            }
            log.info(b.toString());
        }
    }

    private static String checkTag(String key, String v) {
        if (v == null || v.isEmpty()) {
            throw new MiddlewareConfigException(key, "must not be empty");
        }
        return MiddlewareSettings.line(key, v);
    }

    /** Builder; {@link #build()} validates and throws {@link MiddlewareConfigException} naming the key. */
    public static final class Builder {
        private String requestsMetric = "http.server.requests";
        private String latencyMetric = "http.server.latency";
        private String route = "unrouted";
        private int logEvery;
        private boolean logHeaders;
        private String logger = "io.zeroio.http.trace";
        private RequestId requestId;

        Builder() {
        }

        /** {@code requests-metric}: the counter's name (default {@code http.server.requests}). */
        public Builder requestsMetric(String v) {
            requestsMetric = v;
            return this;
        }

        /** {@code latency-metric}: the timer's name (default {@code http.server.latency}). */
        public Builder latencyMetric(String v) {
            latencyMetric = v;
            return this;
        }

        /** {@code route}: the route tag of {@link #wrap} (default {@code unrouted}). */
        public Builder route(String v) {
            route = v;
            return this;
        }

        /** {@code log-every}: 0 = no log lines (default), N = one line every N requests per route. */
        public Builder logEvery(int v) {
            logEvery = v;
            return this;
        }

        /** {@code log-headers}: add the request headers (sensitive values redacted) to log lines. */
        public Builder logHeaders(boolean v) {
            logHeaders = v;
            return this;
        }

        /** {@code logger}: the slf4j logger name (default {@code io.zeroio.http.trace}). */
        public Builder logger(String v) {
            logger = v;
            return this;
        }

        /** Request ids to put in log lines (the {@link RequestId} layer must run outside this one). */
        public Builder requestId(RequestId v) {
            requestId = v;
            return this;
        }

        /** The middleware. */
        public ZeroTraceLayer build() {
            checkTag(MiddlewareSettings.key(BLOCK, "requests-metric"), requestsMetric);
            checkTag(MiddlewareSettings.key(BLOCK, "latency-metric"), latencyMetric);
            checkTag(MiddlewareSettings.key(BLOCK, "route"), route);
            checkTag(MiddlewareSettings.key(BLOCK, "logger"), logger);
            if (requestsMetric.equals(latencyMetric)) {
                throw new MiddlewareConfigException(MiddlewareSettings.key(BLOCK, "latency-metric"),
                    "must differ from requests-metric, both were " + latencyMetric);
            }
            MiddlewareSettings.in(MiddlewareSettings.key(BLOCK, "log-every"), logEvery, 0, Integer.MAX_VALUE);
            return new ZeroTraceLayer(this);
        }
    }
}

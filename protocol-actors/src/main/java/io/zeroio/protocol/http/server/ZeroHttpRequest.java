package io.zeroio.protocol.http.server;

import org.agrona.DirectBuffer;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.DetachedHttpRequest;
import io.zeroio.protocol.http.parse.HttpMethod;

/**
 * The read side of a deferred request, as the asynchronous serving modes hand it on (the element
 * of a connection's Pekko Streams flow, the request of an actor message): the request still in its
 * receive slot (no byte copy), readable on any thread, one thread at a time, until it is answered.
 * One object per connection slot, reused for that connection's next request: do not keep it after
 * the reply.
 */
public final class ZeroHttpRequest {
    private final HttpExchange exchange;

    ZeroHttpRequest(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /** The full request view (method, target, headers, body ...). */
    public DetachedHttpRequest request() {
        return exchange.request();
    }

    /** The method. */
    public HttpMethod method() {
        return exchange.request().method();
    }

    /** The raw path (a reused view: {@code toString()} it to keep it). */
    public AsciiView path() {
        return exchange.request().path();
    }

    /** A header value, or null (a reused view). */
    public AsciiView header(CharSequence name) {
        return exchange.request().header(name);
    }

    /** The body bytes where they lie (a reused view). */
    public DirectBuffer body() {
        return exchange.request().body();
    }

    /** Body length. */
    public int bodyLength() {
        return exchange.request().bodyLength();
    }

    /** The connection the request came on (unique per shard). */
    public long connection() {
        return exchange.connection();
    }

    /** The exchange behind it (serving modes answer through it). */
    public HttpExchange exchange() {
        return exchange;
    }

    @Override
    public String toString() {
        return exchange.request().toString();
    }
}

package io.zeroio.protocol.http.actors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpExchange;
import io.zeroio.protocol.http.server.ZeroHttpRequest;

/**
 * One HTTP request delivered to an actor: the request (still in its receive slot, readable until
 * answered) and its responder. Answer exactly once through {@link #replyTo()} (or
 * {@link #reply}); later answers are ignored. An actor that stops or fails without answering
 * costs this request a 500 (per-request actors) or the connection (per-connection actors).
 */
public final class HttpRequestMsg implements HttpResponder {
    private static final VarHandle ANSWERED;

    static {
        try {
            ANSWERED = MethodHandles.lookup().findVarHandle(HttpRequestMsg.class, "answered", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HttpExchange exchange;
    private volatile int answered;

    HttpRequestMsg(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /** The request (valid until answered; read it before replying). */
    public ZeroHttpRequest request() {
        return exchange.asRequest();
    }

    /** The responder (this message): {@code msg.replyTo().reply(...)}. */
    public HttpResponder replyTo() {
        return this;
    }

    @Override
    public boolean reply(ZeroHttpReply reply) {
        // The CAS makes the answer once-only even though the exchange object is reused for the
        // connection's next request: a second reply never reaches that next request.
        return ANSWERED.compareAndSet(this, 0, 1) && exchange.reply(reply);
    }

    @Override
    public boolean fail(Throwable cause) {
        return ANSWERED.compareAndSet(this, 0, 1) && exchange.fail(cause);
    }

    /** Whether an answer was given. */
    public boolean isAnswered() {
        return answered != 0;
    }

    @Override
    public String toString() {
        return "HttpRequestMsg[" + (answered != 0 ? "answered" : exchange.asRequest().toString()) + "]";
    }
}

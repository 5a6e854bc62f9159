package io.zeroio.protocol.http.actors;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import io.zeroio.protocol.http.response.ZeroHttpReply;

/**
 * The supervising actor of one connection: forwards requests to the user's behavior — one child
 * for the whole connection (per session) or a new child per request — and watches it. A child that
 * stops or fails with a request unanswered gets that request answered: 500 + close per session
 * (the session's state is gone), 500 on a kept-alive connection per request.
 */
final class ConnectionActor extends AbstractBehavior<Object> {
    /** The connection is gone: stop. */
    static final Object CLOSED = new Object();

    private static final ZeroHttpReply INTERNAL_ERROR = ZeroHttpReply.status(500);

    private final Behavior<HttpRequestMsg> behavior;
    private final boolean perRequest;
    private ActorRef<HttpRequestMsg> session;
    private ActorRef<HttpRequestMsg> child;
    private HttpRequestMsg outstanding;

    private ConnectionActor(ActorContext<Object> ctx, Behavior<HttpRequestMsg> behavior, boolean perRequest) {
        super(ctx);
        this.behavior = behavior;
        this.perRequest = perRequest;
        if (!perRequest) {
            session = ctx.spawn(behavior, "session");
            ctx.watch(session);
        }
    }

    static Behavior<Object> create(Behavior<HttpRequestMsg> behavior, boolean perRequest) {
        return Behaviors.setup(ctx -> new ConnectionActor(ctx, behavior, perRequest));
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
            .onMessage(HttpRequestMsg.class, this::onRequest)
            .onMessageEquals(CLOSED, Behaviors::stopped)
            .onSignal(Terminated.class, this::onTerminated)
            .build();
    }

    private Behavior<Object> onRequest(HttpRequestMsg msg) {
        outstanding = msg;
        if (perRequest) {
            if (child != null) { // the previous request's actor did not stop after answering
                getContext().unwatch(child);
                getContext().stop(child);
            }
            child = getContext().spawnAnonymous(behavior);
            getContext().watch(child);
            child.tell(msg);
        } else if (session != null) {
            session.tell(msg);
        } else {
            msg.fail(new IllegalStateException("the connection's actor has stopped"));
        }
        return this;
    }

    private Behavior<Object> onTerminated(Terminated t) {
        final HttpRequestMsg msg = outstanding;
        if (perRequest) {
            if (t.getRef().equals(child)) {
                child = null;
                if (msg != null && !msg.isAnswered()) {
                    msg.reply(INTERNAL_ERROR); // one request costs a 500, the connection stays
                }
            }
            return this;
        }
        session = null;
        if (msg != null && !msg.isAnswered()) {
            msg.fail(new IllegalStateException("the connection's actor stopped without answering"));
        }
        return this;
    }
}

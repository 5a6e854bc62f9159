package io.zeroio.pekko.session;

import java.util.function.Function;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import io.zeroio.pekko.shard.ConnPort;
import io.zeroio.pekko.shard.PortListener;
import io.zeroio.pekko.javadsl.Lease;

/**
 * Wraps a session behavior: connects it to its connection port and turns the shard's signals into
 * {@link SessionEvent}s.
 *
 * <p>The shard thread only ever tells the actor one constant {@code Pump} message (when the actor
 * asked to be signalled); the pump runs on the actor's thread, takes the waiting leases from the
 * port's ring and tells them to the actor as {@link SessionEvent.Received}, in arrival order.
 * Unreleased leases count against the connection's prefetch, so a slow actor pauses receiving
 * (TCP backpressure) instead of growing its mailbox without bound.
 *
 * <p>Supervision: an exception thrown by the session behavior aborts its connection (the shard is
 * untouched) and stops the actor; when the actor stops for any reason the connection is closed
 * and every lease it still held is reclaimed once the connection is gone.
 */
final class SessionHost {
    private SessionHost() {
    }

    /** Marker told by the shard; handled by the interceptor, never seen by the session behavior. */
    enum Internal implements SessionEvent {
        PUMP,
        CLOSED
    }

    static Behavior<SessionEvent> create(ConnPort port, long id, Function<Session, Behavior<SessionEvent>> factory) {
        return Behaviors.setup(ctx -> {
            final Session session = new Session(port, id);
            final Pump pump = new Pump(port, session, ctx.getSelf());
            final Behavior<SessionEvent> inner = factory.apply(session);
            port.attach(pump);
            ctx.getSelf().tell(Internal.PUMP);
            return Behaviors.intercept(() -> pump, inner);
        });
    }

    private static final class Pump extends BehaviorInterceptor<SessionEvent, SessionEvent> implements PortListener {
        private final ConnPort port;
        private final Session session;
        private final ActorRef<SessionEvent> self;
        private boolean peerClosedSent;
        private boolean finished;

        Pump(ConnPort port, Session session, ActorRef<SessionEvent> self) {
            super(SessionEvent.class);
            this.port = port;
            this.session = session;
            this.self = self;
        }

        @Override
        public void signal() {
            self.tell(Internal.PUMP); // shard thread: a constant message, no blocking
        }

        @Override
        public Behavior<SessionEvent> aroundReceive(TypedActorContext<SessionEvent> ctx, SessionEvent msg,
                                                    ReceiveTarget<SessionEvent> target) {
            if (msg == Internal.PUMP) {
                pump();
                return Behaviors.same();
            }
            if (msg == Internal.CLOSED) {
                return Behaviors.stopped();
            }
            try {
                return target.apply(ctx, msg);
            } catch (RuntimeException e) {
                port.abort(); // a failing session closes its connection, never the shard
                throw e;
            }
        }

        private void pump() {
            if (finished) {
                return;
            }
            for (;;) {
                for (Lease l; (l = port.poll()) != null; ) {
                    self.tell(new SessionEvent.Received(l));
                }
                if (session.takeWantWritable()) {
                    self.tell(SessionEvent.Writable.INSTANCE);
                }
                final Throwable failure = port.failure();
                if (failure != null) {
                    finished = true;
                    self.tell(new SessionEvent.Failed(failure));
                    self.tell(Internal.CLOSED);
                    return;
                }
                if ((port.isPeerClosed() || port.isClosed()) && !peerClosedSent && !port.hasData()) {
                    peerClosedSent = true;
                    self.tell(SessionEvent.PeerClosed.INSTANCE);
                }
                if (port.isClosed() && !port.hasData()) {
                    finished = true;
                    self.tell(Internal.CLOSED);
                    return;
                }
                port.requestSignal(); // then re-check (volatile on both sides, see ConnPort)
                if (!port.hasData() && port.failure() == null && !port.isClosed()
                    && (peerClosedSent || !port.isPeerClosed())) {
                    return;
                }
            }
        }

        @Override
        public Behavior<SessionEvent> aroundSignal(TypedActorContext<SessionEvent> ctx, Signal signal,
                                                   SignalTarget<SessionEvent> target) {
            if (signal instanceof PostStop) {
                port.consumerDone(); // closes the connection; the shard reclaims leases left in the mailbox
            }
            return target.apply(ctx, signal);
        }
    }
}

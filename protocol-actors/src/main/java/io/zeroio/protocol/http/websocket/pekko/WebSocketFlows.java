package io.zeroio.protocol.http.websocket.pekko;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.WebSocketSession;

/**
 * WebSocket sessions as Pekko Streams flows: per connection, a fresh
 * {@code Flow<WsMessage, WsMessage, ?>} is materialized between the frames received (leases on the
 * receive slot, one element per frame, see {@link WsMessage}) and the frames sent.
 *
 * <pre>{@code
 * router.websocket("/echo", WebSocketFlows.endpoint(system, () -> Flow.<WsMessage>create()));  // echoes leases
 * router.websocket("/upper", WebSocketFlows.endpoint(system, () -> Flow.<WsMessage>create()
 *     .map(m -> { String s = m.text(); m.release(); return WsMessage.text(s.toUpperCase()); })));
 * }</pre>
 *
 * <ul>
 *   <li><b>Leases</b>: each element the flow receives must be released (or sent on: an outgoing lease
 *       is copied once into a TX slot and released); what is still unreleased when the session ends
 *       is reclaimed.</li>
 *   <li><b>Demand</b>: at most {@link WsSettings#maxInFlight()} leases are unreleased; a flow that
 *       does not pull (or holds its elements) pauses the connection's receives at that bound.
 *       Outgoing elements are pulled one at a time and only when the connection's outbox has room.</li>
 *   <li><b>End</b>: the peer's close completes the flow's input, a failed connection fails it
 *       ({@link WebSocketSessionException}); the flow's output completing or cancelling closes with
 *       1000, the flow failing fails the connection with 1011; every slot comes back either way.</li>
 * </ul>
 */
public final class WebSocketFlows {
    private WebSocketFlows() {
    }

    /** An endpoint for {@code Router.websocket(path, ...)} with {@link WsSettings#defaults()}. */
    public static WebSocketHandler endpoint(ActorSystem<?> system, Supplier<Flow<WsMessage, WsMessage, ?>> flows) {
        return endpoint(Materializer.matFromSystem(system), WsSettings.defaults(), flows);
    }

    /** An endpoint materializing a flow from {@code flows} per connection with {@code materializer}. */
    public static WebSocketHandler endpoint(Materializer materializer, WsSettings settings,
                                            Supplier<Flow<WsMessage, WsMessage, ?>> flows) {
        return new Endpoint(materializer, settings, flows);
    }

    private static final class Endpoint extends WsEndpoint {
        private final Materializer materializer;
        private final WsSettings settings;
        private final Supplier<Flow<WsMessage, WsMessage, ?>> flows;

        Endpoint(Materializer materializer, WsSettings settings, Supplier<Flow<WsMessage, WsMessage, ?>> flows) {
            this.materializer = materializer;
            this.settings = settings;
            this.flows = flows;
        }

        @Override
        public void onOpen(WebSocketSession session) {
            final WsConnection c = new WsConnection(session, settings);
            // The queue holds at most maxInFlight elements, and only unreleased leases are offered,
            // of which there are at most maxInFlight: an offer is never dropped for space.
            final Pair<BoundedSourceQueue<WsMessage>, Source<WsMessage, NotUsed>> in =
                Source.<WsMessage>queue(settings.maxInFlight()).preMaterialize(materializer);
            final BoundedSourceQueue<WsMessage> queue = in.first();
            final CompletionStage<Done> done = in.second().via(flows.get())
                .runWith(Sink.foreachAsync(1, c::sendAsync), materializer);
            c.sink(event -> {
                if (event instanceof WsMessage m) {
                    if (queue.offer(m) != QueueOfferResult.enqueued()) {
                        m.release(); // the flow cancelled its input: nobody will read it
                    }
                } else if (event instanceof WsEvent.PeerClosed) {
                    queue.complete();
                } else if (event instanceof WsEvent.Failed f) {
                    queue.fail(new WebSocketSessionException(f.code(), "WebSocket connection failed"));
                }
            });
            done.whenComplete((d, failure) -> {
                if (failure == null) {
                    c.close(1000);
                } else {
                    c.fail(1011);
                }
                c.holderGone();
            });
            session.attach(c);
        }

    }
}

package io.zeroio.protocol.http.actors;

import org.agrona.collections.Long2ObjectHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;

import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpConnectionListener;
import io.zeroio.protocol.http.server.HttpExchange;
import io.zeroio.protocol.http.server.HttpHandler;

/** One shard's end of the actors mode (shard thread only): a connection actor per connection. */
final class ActorsDispatcher implements HttpHandler, HttpConnectionListener {
    private final Long2ObjectHashMap<ActorRef<Object>> actors = new Long2ObjectHashMap<>();
    private final ActorSystem<?> system;
    private final Behavior<HttpRequestMsg> behavior;
    private final boolean perRequest;
    private final String prefix;
    private long spawned;

    ActorsDispatcher(ActorSystem<?> system, Behavior<HttpRequestMsg> behavior, boolean perRequest, String prefix) {
        this.system = system;
        this.behavior = behavior;
        this.perRequest = perRequest;
        this.prefix = prefix;
    }

    @Override
    public void handle(HttpRequest request, ZeroResponse response) {
        final HttpExchange ex = HttpExchange.defer(response);
        final long conn = ex.connection();
        ActorRef<Object> ref = actors.get(conn);
        if (ref == null) {
            try {
                ref = system.systemActorOf(ConnectionActor.create(behavior, perRequest), prefix + (spawned++), Props.empty());
            } catch (RuntimeException e) { // the system is terminating
                ex.fail(e);
                return;
            }
            actors.put(conn, ref);
        }
        ref.tell(new HttpRequestMsg(ex));
    }

    @Override
    public void closed(long conn) {
        final ActorRef<Object> ref = actors.remove(conn);
        if (ref != null) {
            ref.tell(ConnectionActor.CLOSED);
        }
    }
}

package io.zeroio.protocol.http.pekko;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.HandlerProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

import io.zeroio.pekko.ZeroIo;
import io.zeroio.pekko.javadsl.IncomingConnection;
import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.ServerBinding;

/**
 * Builds a zero-io HTTP server binding, mirroring Pekko HTTP's {@code ServerBuilder}:
 * {@link #bind(Route)}, {@link #bind(HandlerProvider)}, {@link #bind(Function)}, {@link #bindSync},
 * {@link #bindFlow}; settings come from {@code pekko.http.server} unless {@link #withSettings} is used.
 * Immutable.
 */
public final class ZeroIoServerBuilder {
    private final ClassicActorSystemProvider system;
    private final String host;
    private final int port;
    private final ServerSettings settings;

    ZeroIoServerBuilder(ClassicActorSystemProvider system, String host, int port, ServerSettings settings) {
        this.system = system;
        this.host = host;
        this.port = port;
        this.settings = settings;
    }

    /** The same builder with {@code newSettings} instead of {@code pekko.http.server}. */
    public ZeroIoServerBuilder withSettings(ServerSettings newSettings) {
        return new ZeroIoServerBuilder(system, host, port, newSettings);
    }

    /** Serves {@code route} (its {@code Route.flow}: rejections and exceptions handled as in stock Pekko HTTP). */
    public CompletionStage<ZeroIoHttpBinding> bind(Route route) {
        return bindFlow(route.flow(system));
    }

    /** Serves an asynchronous handler (up to {@code pipelining-limit} requests in flight per connection). */
    public CompletionStage<ZeroIoHttpBinding> bind(HandlerProvider provider) {
        return bind(provider.handler(system));
    }

    /** Serves an asynchronous handler (up to {@code pipelining-limit} requests in flight per connection). */
    public CompletionStage<ZeroIoHttpBinding> bind(Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
        return bindFlow(Flow.<HttpRequest>create().mapAsync(settings().getPipeliningLimit(), handler));
    }

    /** Serves a synchronous handler. */
    public CompletionStage<ZeroIoHttpBinding> bindSync(Function<HttpRequest, HttpResponse> handler) {
        return bindFlow(Flow.<HttpRequest>create().map(handler));
    }

    /** Serves {@code handler}, materialized once per connection. */
    public CompletionStage<ZeroIoHttpBinding> bindFlow(Flow<HttpRequest, HttpResponse, ?> handler) {
        final ServerSettings s = settings();
        final Flow<Lease, Outgoing, NotUsed> perConnection = LeaseTransport.connectionFlow(Http.get(system), s, handler);
        final Materializer mat = Materializer.matFromSystem(system);
        final SharedKillSwitch kill = KillSwitches.shared("zero-io-http-" + host + ":" + port);
        final Set<CompletionStage<Done>> open = ConcurrentHashMap.newKeySet();
        final Flow<Lease, Outgoing, NotUsed> guarded = perConnection.via(kill.flow())
            .watchTermination((notUsed, done) -> {
                open.add(done);
                done.whenComplete((d, t) -> open.remove(done));
                return NotUsed.getInstance();
            });
        final CompletionStage<ServerBinding> bound = ZeroIo.get(system).bind(host, port)
            .toMat(Sink.foreach((IncomingConnection c) -> c.handleWith(guarded, mat)), Keep.left())
            .run(mat);
        return bound.thenApply(b -> new ZeroIoHttpBinding(b, kill, open));
    }

    private ServerSettings settings() {
        return settings != null ? settings : ServerSettings.create(system.classicSystem());
    }
}

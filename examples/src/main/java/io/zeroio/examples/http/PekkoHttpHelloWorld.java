package io.zeroio.examples.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import io.zeroio.examples.pekko.PekkoServer;
import io.zeroio.protocol.http.pekko.ZeroIoHttp;
import io.zeroio.protocol.http.pekko.ZeroIoHttpBinding;

/**
 * {@code bin/zero-io http --mode pekko-http}: the hello-world endpoints as an ordinary Pekko HTTP
 * {@link Route} (routing DSL, Jackson marshalling) served over zero-io shards by the drop-in
 * {@link ZeroIoHttp}. {@code /plaintext} and {@code /json} answer as {@link HelloWorldServer}'s do.
 */
public final class PekkoHttpHelloWorld implements AutoCloseable {
    /** The body of {@code /json}, marshalled by Jackson per request (as the benchmark asks). */
    public record Message(String message) {
    }

    private final ActorSystem<Void> system;
    private final ZeroIoHttpBinding binding;

    private PekkoHttpHelloWorld(ActorSystem<Void> system, ZeroIoHttpBinding binding) {
        this.system = system;
        this.binding = binding;
    }

    /** The route: {@code GET /plaintext}, {@code GET /json}. */
    public static Route route() {
        final AllDirectives d = new AllDirectives() { };
        return d.concat(
            d.path("plaintext", () -> d.get(() -> d.complete(HelloWorldServer.PLAINTEXT))),
            d.path("json", () -> d.get(() -> d.completeOK(new Message("Hello, World!"), Jackson.marshaller()))));
    }

    /** Starts an ActorSystem with {@code shards} zero-io shards on {@code backend} and binds the route. */
    public static PekkoHttpHelloWorld start(String host, int port, int shards, String backend) throws Exception {
        final ActorSystem<Void> system = PekkoServer.system("zero-io-http", shards, backend, "");
        try {
            final ZeroIoHttpBinding b = ZeroIoHttp.get(system).newServerAt(host, port).bind(route())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new PekkoHttpHelloWorld(system, b);
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return binding.port();
    }

    /** The ActorSystem serving. */
    public ActorSystem<Void> system() {
        return system;
    }

    /** Terminates the binding (connections get 2 s), then the system. */
    @Override
    public void close() {
        try {
            binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the system's termination below closes whatever is left
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ActorSystem did not terminate: " + e, e);
        }
    }
}

package io.zeroio.bench.servers.http;

import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;

import io.zeroio.bench.servers.BenchServer;
import io.zeroio.examples.http.PekkoHttpHelloWorld;

/**
 * Stock Pekko HTTP: {@code Http.get(system).newServerAt(host, port).bind(route)} with the same
 * route as the drop-in ({@link PekkoHttpHelloWorld#route()}: path matching, Jackson marshalling of
 * {@code /json}). Default Pekko and Pekko HTTP settings; logging at WARNING so stdout stays the
 * harness's control channel.
 */
public final class StockPekkoHttpServer implements BenchServer {
    private ActorSystem system;

    @Override
    public void start(int port) throws Exception {
        final Config config = ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
            .withFallback(ConfigFactory.load());
        system = ActorSystem.create("bench-http", config);
        try {
            Http.get(system).newServerAt("127.0.0.1", port).bind(PekkoHttpHelloWorld.route())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception | Error e) {
            system.terminate();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

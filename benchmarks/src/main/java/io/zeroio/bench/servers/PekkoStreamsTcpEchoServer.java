package io.zeroio.bench.servers;

import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * Pekko Streams {@code Tcp}: every incoming connection is handled with the identity
 * {@code Flow<ByteString>}, the echo from Pekko's documentation. Default dispatcher settings;
 * logging at WARNING so stdout stays the harness's control channel. No UDP (Pekko Streams core
 * has none).
 */
public final class PekkoStreamsTcpEchoServer implements EchoServer {
    private ActorSystem system;

    @Override
    public void start(int port) throws Exception {
        final Config config = ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
            .withFallback(ConfigFactory.load());
        system = ActorSystem.create("bench", config);
        final ActorSystem sys = system;
        Tcp.get(system).bind("127.0.0.1", port)
            .to(Sink.foreach(connection -> connection.handleWith(Flow.of(ByteString.class), sys)))
            .run(system)
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public boolean udp() {
        return false;
    }

    @Override
    public void close() throws Exception {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

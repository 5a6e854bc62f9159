package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Shared helpers: actor systems with zero-io settings, waiting for pools to return to full. */
final class TestSystems {
    private TestSystems() {
    }

    /** A typed ActorSystem whose zero-io section is {@code overrides} over the test defaults. */
    static ActorSystem<Void> system(String name, String overrides) {
        // test defaults first, so that {@code overrides} (later in the same document) win
        final Config c = ConfigFactory.parseString("zero-io.shards = 2\nzero-io.shutdown.drain-timeout = 1s\n"
            + "zero-io.metrics.interval = 200ms\n" + overrides + "\n")
            .withFallback(ConfigFactory.load());
        return ActorSystem.create(Behaviors.empty(), name, c);
    }

    /** Waits until no slot is held by the application on any shard (pools full); fails after 10 s. */
    static void awaitPoolsFull(ZeroIo zio) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (zio.heldSlots() != 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertEquals(0, zio.heldSlots(), "slots still held by the application: pools did not return to full capacity");
    }

    /** Terminates and waits. */
    static void terminate(ActorSystem<?> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] readFully(InputStream in, int n) throws IOException {
        final byte[] b = new byte[n];
        int at = 0;
        while (at < n) {
            final int r = in.read(b, at, n - at);
            if (r < 0) {
                throw new IOException("EOF after " + at + " of " + n + " bytes");
            }
            at += r;
        }
        return b;
    }

    static Duration seconds(int s) {
        return Duration.ofSeconds(s);
    }
}

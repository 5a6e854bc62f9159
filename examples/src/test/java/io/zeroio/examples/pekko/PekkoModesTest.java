package io.zeroio.examples.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.zeroio.pekko.ZeroIo;

/** The Pekko echo modes of the launcher (same protocol), and the metrics example's Prometheus page. */
class PekkoModesTest {

    static void echoEveryByte(int port, int connections, int bytesEach) throws Exception {
        final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            final List<Future<Boolean>> all = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                final int seed = c;
                all.add(pool.submit(() -> {
                    final byte[] sent = new byte[bytesEach];
                    new Random(seed).nextBytes(sent);
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        s.setSoTimeout(20_000);
                        final Future<?> w = pool.submit(() -> {
                            s.getOutputStream().write(sent);
                            s.shutdownOutput();
                            return null;
                        });
                        final byte[] got = s.getInputStream().readAllBytes();
                        w.get(20, TimeUnit.SECONDS);
                        assertArrayEquals(sent, got);
                        return true;
                    }
                }));
            }
            for (Future<Boolean> f : all) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void awaitPoolsFull(ZeroIo zio) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (zio.heldSlots() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, zio.heldSlots(), "pools back to full capacity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams", "islands", "actors"})
    void everyPekkoModeEchoesEveryByte(String mode) throws Exception {
        final var system = PekkoServer.system("mode-" + mode, 2, "auto", "");
        try (PekkoServer server = switch (mode) {
            case "streams" -> PekkoServer.streamsEcho(system, "127.0.0.1", 0);
            case "islands" -> PekkoServer.islandsEcho(system, "127.0.0.1", 0);
            default -> PekkoServer.actorsEcho(system, "127.0.0.1", 0);
        }) {
            assertTrue(server.banner().contains(mode), server.banner());
            echoEveryByte(server.port(), 20, 16 * 1024);
            // Streams far larger than a connection's outgoing buffer (16 elements): the echo must
            // push back on the peer, never drop (the actor echo used to lose bytes at 32 KiB).
            echoEveryByte(server.port(), 4, 1 << 20);
            awaitPoolsFull(ZeroIo.get(system));
        }
        assertEquals(0, ZeroIo.get(system).heldSlots());
    }

    @Test
    void theMetricsExampleServesZeroIoSeriesOnAPrometheusPage() throws Exception {
        final int promPort;
        try (ServerSocket free = new ServerSocket(0)) {
            promPort = free.getLocalPort();
        }
        final MetricsExample m = MetricsExample.start("127.0.0.1", 0, promPort, 1, "auto");
        try (PekkoServer server = m.server()) {
            echoEveryByte(server.port(), 4, 8 * 1024);
            final HttpClient http = HttpClient.newHttpClient();
            String body = "";
            final long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline && !body.contains("zeroio_bytes_total")) {
                Thread.sleep(250);
                body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(body.contains("zeroio_bytes_total"), "bytes counter on the page");
            assertTrue(body.contains("zeroio_pool_slots"), "pool gauges on the page");
            assertTrue(body.contains("zeroio_cascade_state"), "cascade state on the page");
            assertTrue(body.contains("zeroio_connections"), "connections gauge on the page");
        }
    }
}

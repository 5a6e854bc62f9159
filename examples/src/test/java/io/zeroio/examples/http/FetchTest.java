package io.zeroio.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.examples.Launcher;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;

/** {@code bin/zero-io fetch}: the shard HTTP client against the hello-world server, on both backends. */
@Timeout(60)
class FetchTest {
    @Test
    void fetchesOverOnePooledConnectionOnEitherBackend() throws Exception {
        for (BackendKind backend : new BackendKind[] {BackendKind.AUTO, BackendKind.NIO}) {
            try (HttpServer server = HelloWorldServer.start(new InetSocketAddress("127.0.0.1", 0), backend, 1);
                 Fetch fetch = new Fetch(backend)) {
                final Fetch.Result r = fetch.get(URI.create("http://127.0.0.1:" + server.port() + "/json"), 500);
                assertEquals(200, r.status());
                assertEquals(HelloWorldServer.JSON, r.firstBody());
                assertEquals(500, r.responses());
                assertEquals(1, r.connectionsOpened(), "the pooled keep-alive connection is reused");
                assertEquals(499, r.reusedRequests());
                assertEquals(500, server.stats().requests());
                fetch.close();
                final long deadline = System.nanoTime() + 5_000_000_000L;
                while (server.runners().get(0).call(Io::openConnections) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(0, server.runners().get(0).call(Io::openConnections), "the client closed its idle connection");
                final boolean full = server.runners().get(0).call(io -> io.poolStats().atFullCapacity());
                assertTrue(full, "server pools full");
            }
        }
    }

    @Test
    void theCommandPrintsTheAnswerAndARefusedConnectFailsWithItsReason() throws Exception {
        try (HttpServer server = HelloWorldServer.start(new InetSocketAddress("127.0.0.1", 0), BackendKind.AUTO, 1)) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int code = Launcher.run(List.of("fetch", "http://127.0.0.1:" + server.port() + "/plaintext", "--count", "20"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            final String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
            assertTrue(printed.startsWith("HTTP 200"), printed);
            assertTrue(printed.contains(HelloWorldServer.PLAINTEXT), printed);
            assertTrue(printed.contains("20 responses"), printed);
            assertTrue(printed.contains("connections opened 1, requests on a reused connection 19"), printed);
        }
        final int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (Fetch fetch = new Fetch(BackendKind.AUTO)) {
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> fetch.get(URI.create("http://127.0.0.1:" + free + "/"), 1));
            assertTrue(e.getCause().getMessage().contains("CONNECT"), e.getCause().getMessage());
        }
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Launcher.USAGE, Launcher.run(List.of("fetch", "https://example.org/"), new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
    }
}

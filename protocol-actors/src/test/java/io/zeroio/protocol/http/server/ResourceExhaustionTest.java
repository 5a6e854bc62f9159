package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.runtime.pool.PoolTier;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Config;

/**
 * Too many half-sent requests for the scratch slots there are: the connections that find no slot
 * are closed, the shard keeps serving, and every slot comes back once the clients go.
 */
@Timeout(60)
class ResourceExhaustionTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scratchExhaustionClosesConnectionsWithoutHarm() throws Exception {
        final BackendKind backend = HttpTestSupport.backends().findFirst().orElseThrow();
        final HttpServerConfig http = HttpServerConfig.builder().maxBodyBytes(1024).build();
        final Config shard = Config.builder().name("tiny-pools").backend(backend).rxBufferCount(256)
            .pools(new PoolTier(2048, 512), new PoolTier(32768, 6)).build(); // 6 slots for scratch and responses
        server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), http, shard,
            new Router().get("/", (req, res) -> res.ok("fine")));
        final List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // each holds a scratch slot with half a request
                final Socket s = connect(server);
                clients.add(s);
                send(s, "GET / HTTP/1.1\r\nHost: h\r\nX-Half: ");
            }
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.stats().sendFailures() < 14 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            final HttpServerStats stats = server.stats();
            assertTrue(stats.straddles() <= 6, "more scratch slots than exist: " + stats);
            assertTrue(stats.sendFailures() >= 14, "connections without a slot were closed: " + stats);
            int closed = 0;
            for (Socket s : clients) {
                s.setSoTimeout(200);
                if (HttpTestSupport.closedByServer(s)) {
                    closed++;
                }
            }
            assertTrue(closed >= 14, closed + " closed");
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
        awaitNoConnections(server);
        awaitPoolsFull(server);
        try (Socket s = connect(server)) { // still serving
            send(s, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("fine", read(s.getInputStream(), false).text());
        }
        assertTrue(server.runners().get(0).thread().isAlive(), "shard alive");
    }
}

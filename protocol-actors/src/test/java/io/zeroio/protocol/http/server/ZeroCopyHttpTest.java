package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;

/**
 * The 0-copy gate of the HTTP path (DESIGN.md §5): a request that arrives whole is read where the
 * kernel wrote it — its path and body views point into the receive tier's memory — and the pools'
 * copy counter does not move; one that straddles receives costs exactly the counted scratch copies.
 */
@Timeout(60)
class ZeroCopyHttpTest {
    private HttpServer server;
    private volatile long bodyAddress; // written on the shard thread, read by the test
    private volatile long pathAddress;

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            awaitPoolsFull(server);
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void wholeRequestsAreReadInTheReceiveSlot(BackendKind backend) throws Exception {
        server = HttpTestSupport.start(backend, HttpServerConfig.defaults(), new Router().post("/in-place", (req, res) -> {
            bodyAddress = req.body().addressOffset(); // shard thread; read after the response arrives
            pathAddress = req.buffer().addressOffset() + req.path().offset();
            res.send(204);
        }));
        final long[] rx = server.runners().get(0).call(io -> new long[] {
            io.pools().tier(0).region().address(), io.pools().tier(0).region().byteSize()});
        final long copiesBefore = server.runners().get(0).call(io -> io.pools().copyCount());
        try (Socket s = connect(server)) {
            final InputStream in = s.getInputStream();
            for (int i = 0; i < 200; i++) {
                send(s, "POST /in-place HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world");
                assertEquals(204, read(in, false).status());
                assertTrue(bodyAddress >= rx[0] && bodyAddress + 11 <= rx[0] + rx[1],
                    "body view outside the receive tier: the bytes were moved");
                assertTrue(pathAddress >= rx[0] && pathAddress < rx[0] + rx[1]);
            }
        }
        final long copiesAfter = server.runners().get(0).call(Io::pools).copyCount();
        assertEquals(copiesBefore, copiesAfter, "pool copies for requests that arrived whole");
        assertEquals(0, server.stats().straddles());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aStraddlingRequestCostsOnlyCountedCopies(BackendKind backend) throws Exception {
        server = HttpTestSupport.start(backend, HttpServerConfig.defaults(), new Router().post("/in-place",
            (req, res) -> res.send(204)));
        final long copiesBefore = server.runners().get(0).call(io -> io.pools().copyCount());
        try (Socket s = connect(server)) {
            send(s, "POST /in-place HTTP/1.1\r\nHost: t\r\nContent-");
            Thread.sleep(100); // a separate receive
            send(s, "Length: 11\r\n\r\nhello world");
            assertEquals(204, read(s.getInputStream(), false).status());
        }
        final long copies = server.runners().get(0).call(Io::pools).copyCount() - copiesBefore;
        final HttpServerStats stats = server.stats();
        assertEquals(1, stats.straddles());
        assertEquals(2, copies, "one copy of the first part into scratch, one append: " + stats);
    }
}

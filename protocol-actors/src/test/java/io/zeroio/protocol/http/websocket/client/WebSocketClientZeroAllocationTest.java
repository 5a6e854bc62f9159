package io.zeroio.protocol.http.websocket.client;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.AllocationJvm;
import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.WebSocketSession;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;
import io.zeroio.runtime.shard.BackendKind;

/**
 * The client's frame path allocates 0 B per message on its shard thread after warm-up: masking with a
 * fresh key into a TX slot, decoding the echo in place, the handler (which sends the next message) —
 * with permessage-deflate too (compress into a slot, inflate into the message slot). The client
 * shard drives the ping-pong itself; allocation is read on the shard thread every 1000 messages.
 */
@Timeout(180)
class WebSocketClientZeroAllocationTest {
    static final int CHECKPOINT = 1000;
    static final int TOTAL = 60_000;
    static final int WINDOW = 6_000;
    private HttpServer server;
    private ClientShard client;

    static Stream<Arguments> backendsAndDeflate() {
        return HttpTestSupport.backends().flatMap(b -> Stream.of(Arguments.of(b, false), Arguments.of(b, true)));
    }

    @BeforeAll
    static void ownJvm() {
        AllocationJvm.require();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            awaitNoConnections(server);
            awaitPoolsFull(server);
            server.close();
        }
    }

    private static final WebSocketHandler ECHO = new WebSocketHandler() {
        @Override
        public void onFrame(WebSocketSession session, WebSocketFrame frame) {
            session.send(frame.opcode(), frame.fin(), frame.buffer(), frame.payloadOffset(), frame.payloadLength());
        }
    };

    /** Sends the next message from inside onFrame until TOTAL round trips, reading allocation at checkpoints. */
    static final class PingPong implements WebSocketClientHandler {
        private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long[] allocatedAt = new long[TOTAL / CHECKPOINT + 1];
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        private final UnsafeBuffer message;
        private int count;
        long startNanos;
        long endNanos;

        PingPong(byte[] payload) {
            this.message = new UnsafeBuffer(payload);
        }

        @Override
        public void onOpen(WebSocketClientSession session) {
            startNanos = System.nanoTime();
            session.sendMessage(WebSocketFrame.BINARY, message, 0, message.capacity());
        }

        @Override
        public void onFrame(WebSocketClientSession session, WebSocketFrame frame) {
            if (frame.payloadLength() != message.capacity()) {
                done.completeExceptionally(new AssertionError("echo of " + frame.payloadLength() + " bytes"));
                return;
            }
            if (++count % CHECKPOINT == 0) {
                allocatedAt[count / CHECKPOINT] = THREADS.getCurrentThreadAllocatedBytes();
            }
            if (count == TOTAL) {
                endNanos = System.nanoTime();
                session.close(1000, "");
                return;
            }
            session.sendMessage(WebSocketFrame.BINARY, message, 0, message.capacity());
        }

        @Override
        public void onClose(WebSocketClientSession session, int code) {
            done.complete(code);
        }

        @Override
        public void onFailure(long conn, WebSocketClientException failure) {
            done.completeExceptionally(failure);
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDeflate")
    void clientRoundTripsAllocateNothing(BackendKind backend, boolean deflate) throws Exception {
        final PerMessageDeflateConfig d = deflate ? new PerMessageDeflateConfig(true, true, true, -1, 0)
            : PerMessageDeflateConfig.disabled();
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().websocketDeflate(d).build(),
            new Router().websocket("/ws", ECHO));
        client = new ClientShard(backend, WebSocketClientConfig.defaults().withDeflate(d));
        final byte[] payload = "zero-io client frame, zero-io client frame, zero-io client frame".getBytes();
        final PingPong h = new PingPong(payload);
        client.connect(new InetSocketAddress("127.0.0.1", server.port()), "/ws", h);
        assertEquals(1000, h.done.get(150, TimeUnit.SECONDS));
        final StringBuilder windows = new StringBuilder();
        boolean zero = false;
        for (int from = TOTAL / 2; from + WINDOW <= TOTAL; from += WINDOW) {
            final long bytes = h.allocatedAt[(from + WINDOW) / CHECKPOINT] - h.allocatedAt[from / CHECKPOINT];
            windows.append(bytes).append(' ');
            assertTrue(bytes <= WINDOW / 10, bytes + " B over " + WINDOW + " messages: a per-message allocation");
            zero |= bytes == 0;
        }
        System.out.println(backend + " websocket client" + (deflate ? " permessage-deflate" : "") + " round trips, windows of "
            + WINDOW + " in the second half (bytes): " + windows + "; " + (long) (TOTAL / ((h.endNanos - h.startNanos) / 1e9))
            + " round trips/s (one connection, loopback)");
        assertTrue(zero, "no window of " + WINDOW + " messages allocated 0 B: " + windows);
    }
}

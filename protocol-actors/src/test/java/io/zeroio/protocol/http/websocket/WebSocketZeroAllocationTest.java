package io.zeroio.protocol.http.websocket;

import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.WakeupStrategy;

/**
 * WebSocket echo allocates 0 B per frame on the shard thread after warm-up: decode and unmask in
 * place, UTF-8 validation, the handler, the echo frame written into a TX slot. Same method as
 * {@code ZeroAllocationHttpTest} (windows, checkpoints every 1000 frames, FUTEX wakeup under -Xbatch).
 */
@Timeout(180)
class WebSocketZeroAllocationTest {
    static final int CHECKPOINT = 1000;
    static final int WINDOW = 5000;
    static final int MAX_WARMUP_WINDOWS = 40;
    static final int MEASURED = 20_000;
    static final int MEASURED_WINDOWS = 8;
    private HttpServer server;

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    @org.junit.jupiter.api.BeforeAll
    static void ownJvm() {
        io.zeroio.protocol.http.AllocationJvm.require();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            awaitPoolsFull(server);
            server.close();
        }
    }

    static final class MeasuringEcho implements WebSocketHandler {
        private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long[] allocatedAt = new long[(MAX_WARMUP_WINDOWS * WINDOW + MEASURED_WINDOWS * MEASURED) / CHECKPOINT + 2];
        private long frames;
        volatile int checkpoints;

        @Override
        public void onFrame(WebSocketSession session, WebSocketFrame frame) {
            if (++frames % CHECKPOINT == 0) {
                final int at = (int) (frames / CHECKPOINT);
                if (at < allocatedAt.length) {
                    allocatedAt[at] = THREADS.getCurrentThreadAllocatedBytes();
                    checkpoints = at + 1;
                }
            }
            session.send(frame.opcode(), frame.fin(), frame.buffer(), frame.payloadOffset(), frame.payloadLength());
        }

        long between(int from, int to) {
            assertTrue(checkpoints > to / CHECKPOINT, "checkpoint not reached");
            return allocatedAt[to / CHECKPOINT] - allocatedAt[from / CHECKPOINT];
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void echoedFramesAllocateNothing(BackendKind backend) throws Exception {
        final MeasuringEcho echo = new MeasuringEcho();
        final HttpServerConfig http = HttpServerConfig.defaults();
        final Config shard = Config.builder().name("zero-alloc-ws").backend(backend).wakeup(WakeupStrategy.FUTEX)
            .pools(HttpServer.shardConfig("x", http, backend, -1).tiers()).build();
        server = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), http, shard, new Router().websocket("/ws", echo));
        // a masked text frame "zero-io ✓" (UTF-8) with a fixed key
        final byte[] text = "zero-io \u2713".getBytes(StandardCharsets.UTF_8);
        final byte[] frame = new byte[6 + text.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | text.length);
        final byte[] key = {0x11, 0x22, 0x33, 0x44};
        System.arraycopy(key, 0, frame, 2, 4);
        for (int k = 0; k < text.length; k++) {
            frame[6 + k] = (byte) (text[k] ^ key[k & 3]);
        }
        try (Socket s = HttpTestSupport.connect(server)) {
            HttpTestSupport.send(s, "GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            final InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            assertEquals(101, HttpTestSupport.read(in, true).status());
            final OutputStream out = s.getOutputStream();
            int sent = 0;
            final StringBuilder warmup = new StringBuilder();
            boolean clean = false;
            for (int w = 0; w < MAX_WARMUP_WINDOWS && !clean; w++) {
                roundTrips(out, in, frame, 2 + text.length, WINDOW);
                sent += WINDOW;
                final long bytes = echo.between(sent - WINDOW + CHECKPOINT, sent);
                warmup.append(bytes).append(' ');
                clean = bytes == 0;
            }
            assertTrue(clean, "no clean warm-up window: " + warmup);
            final StringBuilder measured = new StringBuilder();
            boolean zero = false;
            for (int w = 0; w < MEASURED_WINDOWS && !zero; w++) {
                roundTrips(out, in, frame, 2 + text.length, MEASURED + CHECKPOINT);
                final long bytes = echo.between(sent + CHECKPOINT, sent + CHECKPOINT + MEASURED);
                sent += MEASURED + CHECKPOINT;
                measured.append(bytes).append(' ');
                assertTrue(bytes <= MEASURED / 10, bytes + " B over " + MEASURED + " frames: a per-frame allocation");
                zero = bytes == 0;
            }
            System.out.println(backend + " websocket echo: warm-up windows (bytes): " + warmup + "; measured windows of "
                + MEASURED + " frames (bytes): " + measured);
            assertTrue(zero, "no measured window allocated 0 B: " + measured);
        }
    }

    /**
     * permessage-deflate echo (no context takeover both ways, so every frame and echo is the same):
     * inflate into the message slot, UTF-8 validation, the handler, deflate into a scratch slot, the
     * RSV1 frame copied into the TX slot. Measured like the plain echo; 0 B per message expected.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void compressedEchoAllocatesNothing(BackendKind backend) throws Exception {
        final MeasuringEcho echo = new MeasuringEcho();
        final HttpServerConfig http = HttpServerConfig.builder().websocketDeflate(
            new io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig(true, true, true, -1, 0)).build();
        final Config shard = Config.builder().name("zero-alloc-wsz").backend(backend).wakeup(WakeupStrategy.FUTEX)
            .pools(HttpServer.shardConfig("x", http, backend, -1).tiers()).build();
        server = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), http, shard, new Router().websocket("/ws", echo));
        final byte[] text = "zero-io \u2713 zero-io \u2713 zero-io \u2713".getBytes(StandardCharsets.UTF_8);
        final java.util.zip.Deflater d = new java.util.zip.Deflater(-1, true);
        d.setInput(text);
        final byte[] z = new byte[256];
        final int zn = d.deflate(z, 0, z.length, java.util.zip.Deflater.SYNC_FLUSH) - 4;
        d.end();
        final byte[] frame = new byte[6 + zn];
        frame[0] = (byte) 0xC1; // fin, RSV1, text
        frame[1] = (byte) (0x80 | zn);
        final byte[] key = {0x11, 0x22, 0x33, 0x44};
        System.arraycopy(key, 0, frame, 2, 4);
        for (int k = 0; k < zn; k++) {
            frame[6 + k] = (byte) (z[k] ^ key[k & 3]);
        }
        try (Socket s = HttpTestSupport.connect(server)) {
            HttpTestSupport.send(s, "GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n\r\n");
            final InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            final HttpTestSupport.Response upgrade = HttpTestSupport.read(in, true);
            assertEquals(101, upgrade.status());
            assertTrue(upgrade.header("Sec-WebSocket-Extensions").startsWith("permessage-deflate"), upgrade.head());
            final OutputStream out = s.getOutputStream();
            out.write(frame);
            assertEquals(0xC1, in.read(), "the echo is a compressed text frame");
            final int echoLength = 2 + in.read();
            in.skipNBytes(echoLength - 2);
            int sent = 1;
            final StringBuilder warmup = new StringBuilder();
            boolean clean = false;
            for (int w = 0; w < MAX_WARMUP_WINDOWS && !clean; w++) {
                roundTrips(out, in, frame, echoLength, WINDOW);
                sent += WINDOW;
                final long bytes = echo.between(sent - WINDOW + CHECKPOINT, sent - 1);
                warmup.append(bytes).append(' ');
                clean = bytes == 0;
            }
            assertTrue(clean, "no clean warm-up window: " + warmup);
            final StringBuilder measured = new StringBuilder();
            boolean zero = false;
            for (int w = 0; w < MEASURED_WINDOWS && !zero; w++) {
                roundTrips(out, in, frame, echoLength, MEASURED + CHECKPOINT);
                final long bytes = echo.between(sent + CHECKPOINT, sent - 1 + CHECKPOINT + MEASURED);
                sent += MEASURED + CHECKPOINT;
                measured.append(bytes).append(' ');
                assertTrue(bytes <= MEASURED / 10, bytes + " B over " + MEASURED + " messages: a per-message allocation");
                zero = bytes == 0;
            }
            System.out.println(backend + " websocket permessage-deflate echo: warm-up windows (bytes): " + warmup
                + "; measured windows of " + MEASURED + " messages (bytes): " + measured);
            assertTrue(zero, "no measured window allocated 0 B: " + measured);
        }
    }

    private static void roundTrips(OutputStream out, InputStream in, byte[] frame, int echoLength, int count) throws Exception {
        for (int n = 0; n < count; n++) {
            out.write(frame);
            in.skipNBytes(echoLength); // server frames are unmasked: 2-byte header + payload
        }
    }
}

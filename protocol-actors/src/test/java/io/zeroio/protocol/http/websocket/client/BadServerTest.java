package io.zeroio.protocol.http.websocket.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.websocket.WebSocketHandshake;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;
import io.zeroio.runtime.shard.BackendKind;

/**
 * The client against misbehaving servers (a raw socket playing the server): every violation ends in a
 * typed failure or a close code, the connection closes, and the client's pools are full afterwards.
 */
@Timeout(60)
class BadServerTest {
    private ClientShard client;
    private ServerSocket listener;

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close(); // asserts no connection left and pools full
        }
        if (listener != null) {
            listener.close();
        }
    }

    /**
     * A one-connection raw server: reads the upgrade request, writes {@code answer(request)}, then
     * collects what the client sends until it closes (completes with those bytes).
     */
    private CompletableFuture<byte[]> rawServer(Function<String, byte[]> answer) throws IOException {
        listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        final CompletableFuture<byte[]> after = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                final InputStream in = s.getInputStream();
                final String request = readHead(in);
                final byte[] out = answer.apply(request);
                if (out != null) {
                    s.getOutputStream().write(out);
                    s.getOutputStream().flush();
                }
                final ByteArrayOutputStream rest = new ByteArrayOutputStream();
                final byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    rest.write(buf, 0, n);
                }
                after.complete(rest.toByteArray());
            } catch (IOException e) {
                after.complete(new byte[0]);
            }
        });
        return after;
    }

    private static String readHead(InputStream in) throws IOException {
        final StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            final int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static String accept(String request) {
        final Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(request);
        return m.find() ? WebSocketHandshake.accept(m.group(1)) : "none";
    }

    private static byte[] upgrade(String request, String extraHeaders, byte[] frames) {
        final byte[] head = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept(request) + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] all = new byte[head.length + frames.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(frames, 0, all, head.length, frames.length);
        return all;
    }

    private InetSocketAddress target() {
        return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
    }

    private void failsHandshake(BackendKind backend, Function<String, byte[]> answer, String reason) throws Exception {
        // a short handshake timeout only where the test waits for it (a loaded machine may be slow otherwise)
        client = new ClientShard(backend, WebSocketClientConfig.defaults()
            .withHandshakeTimeout(reason.equals("TIMEOUT") ? 300_000_000L : 10_000_000_000L));
        rawServer(answer);
        final Recorder r = new Recorder();
        client.connect(target(), "/ws", r);
        assertEquals("failure:" + reason, r.next(), () -> String.valueOf(r.failure));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void wrongAcceptIsABadHandshake(BackendKind backend) throws Exception {
        failsHandshake(backend, req -> ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII), "BAD_HANDSHAKE");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void non101StatusIsABadHandshake(BackendKind backend) throws Exception {
        failsHandshake(backend, req -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "BAD_HANDSHAKE");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void extensionNotOfferedIsABadHandshake(BackendKind backend) throws Exception {
        failsHandshake(backend, req -> upgrade(req, "Sec-WebSocket-Extensions: permessage-deflate\r\n", new byte[0]),
            "BAD_HANDSHAKE");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void garbageIsABadHandshake(BackendKind backend) throws Exception {
        failsHandshake(backend, req -> "SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "BAD_HANDSHAKE");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void silentServerTimesOut(BackendKind backend) throws Exception {
        failsHandshake(backend, req -> null, "TIMEOUT");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void closedBeforeTheAnswerIsConnectionLost(BackendKind backend) throws Exception {
        client = new ClientShard(backend, WebSocketClientConfig.defaults());
        listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = listener.accept()) {
                readHead(s.getInputStream());
            } catch (IOException e) {
                // the test sees the outcome on the client
            }
        });
        final Recorder r = new Recorder();
        client.connect(target(), "/ws", r);
        assertEquals("failure:CONNECTION_LOST", r.next());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void refusedConnectIsConnectFailed(BackendKind backend) throws Exception {
        client = new ClientShard(backend, WebSocketClientConfig.defaults());
        final int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        final Recorder r = new Recorder();
        client.connect(new InetSocketAddress("127.0.0.1", port), "/ws", r);
        assertEquals("failure:CONNECT_FAILED", r.next());
    }

    /** Opens, then the server sends {@code frames}; the client must close with {@code code} and send that close frame. */
    private void failsWith(BackendKind backend, WebSocketClientConfig config, String extensions, byte[] frames, int code)
        throws Exception {
        client = new ClientShard(backend, config);
        final CompletableFuture<byte[]> sent = rawServer(req -> upgrade(req, extensions, frames));
        final Recorder r = new Recorder();
        client.connect(target(), "/ws", r);
        assertEquals("open", r.next());
        assertEquals("close:" + code, r.next());
        final byte[] closeFrame = sent.get(10, TimeUnit.SECONDS);
        assertTrue(closeFrame.length >= 8, "the client sent a close frame");
        assertEquals(0x88, closeFrame[0] & 0xFF, "a close frame");
        assertEquals(0x80 | 2, closeFrame[1] & 0xFF, "masked, with a 2-byte code");
        final int key = ByteBuffer.wrap(closeFrame, 2, 4).getInt();
        final int sentCode = ((closeFrame[6] ^ (key >>> 24)) & 0xFF) << 8 | ((closeFrame[7] ^ (key >>> 16)) & 0xFF);
        assertEquals(code, sentCode, "close code on the wire");
    }

    /** Unmasks the client frame at {@code at} in {@code b}: {opcode byte, payload...}; returns its total length via out[0]. */
    private static byte[] clientFrame(byte[] b, int at, int[] length) {
        final int n = b[at + 1] & 0x7F; // short frames only
        assertEquals(0x80, b[at + 1] & 0x80, "client frames are masked");
        final byte[] out = new byte[1 + n];
        out[0] = b[at];
        for (int k = 0; k < n; k++) {
            out[1 + k] = (byte) (b[at + 6 + k] ^ b[at + 2 + (k & 3)]);
        }
        length[0] = 6 + n;
        return out;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void serverPingIsAnsweredAndServerCloseEchoed(BackendKind backend) throws Exception {
        client = new ClientShard(backend, WebSocketClientConfig.defaults());
        final CompletableFuture<byte[]> sent = rawServer(req -> upgrade(req, "",
            new byte[] {(byte) 0x89, 2, 'h', 'i', (byte) 0x88, 4, 0x03, (byte) 0xE8, 'o', 'k'}));
        final Recorder r = new Recorder();
        client.connect(target(), "/ws", r);
        assertEquals("open", r.next());
        assertEquals("close:1000", r.next());
        final byte[] b = sent.get(10, TimeUnit.SECONDS);
        final int[] len = new int[1];
        final byte[] pong = clientFrame(b, 0, len);
        assertArrayEquals(new byte[] {(byte) 0x8A, 'h', 'i'}, pong, "a masked pong echoing the ping's data");
        final byte[] close = clientFrame(b, len[0], len);
        assertArrayEquals(new byte[] {(byte) 0x88, 0x03, (byte) 0xE8}, close, "the close code echoed");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unansweredCloseEndsWith1006AfterTheCloseTimeout(BackendKind backend) throws Exception {
        client = new ClientShard(backend, WebSocketClientConfig.defaults().withCloseTimeout(300_000_000L));
        final CompletableFuture<byte[]> sent = rawServer(req -> upgrade(req, "", new byte[0]));
        final Recorder r = new Recorder();
        final long conn = client.connect(target(), "/ws", r);
        assertEquals("open", r.next());
        client.close(conn, 1000, "bye");
        assertEquals("close:1006", r.next(), "no close frame came back");
        final byte[] b = sent.get(10, TimeUnit.SECONDS); // the client closed TCP: the raw server saw EOF
        final int[] len = new int[1];
        assertArrayEquals(new byte[] {(byte) 0x88, 0x03, (byte) 0xE8, 'b', 'y', 'e'}, clientFrame(b, 0, len));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void maskedServerFrameIs1002(BackendKind backend) throws Exception {
        failsWith(backend, WebSocketClientConfig.defaults(), "", new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2},
            1002);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reservedBitWithoutExtensionIs1002(BackendKind backend) throws Exception {
        failsWith(backend, WebSocketClientConfig.defaults(), "", new byte[] {(byte) 0xC1, 2, 'h', 'i'}, 1002);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void invalidUtf8Is1007(BackendKind backend) throws Exception {
        failsWith(backend, WebSocketClientConfig.defaults(), "", new byte[] {(byte) 0x81, 3, 'a', (byte) 0xC0, (byte) 0xAF},
            1007);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void oversizeFrameIs1009(BackendKind backend) throws Exception {
        // a header announcing 100 000 bytes, over the 65 536-byte max-frame: refused before any payload
        failsWith(backend, WebSocketClientConfig.defaults(), "",
            new byte[] {(byte) 0x82, 127, 0, 0, 0, 0, 0, 1, (byte) 0x86, (byte) 0xA0}, 1009);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void oversizeFragmentedMessageIs1009(BackendKind backend) throws Exception {
        final WebSocketClientConfig config = WebSocketClientConfig.defaults().withLimits(1000, 1500);
        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int k = 0; k < 2; k++) { // two 900-byte fragments: each frame fits, the message does not
            frames.write(k == 0 ? 0x02 : 0x00);
            frames.write(126);
            frames.write(900 >> 8);
            frames.write(900 & 0xFF);
            frames.writeBytes(new byte[900]);
        }
        failsWith(backend, config, "", frames.toByteArray(), 1009);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void zipBombIs1009(BackendKind backend) throws Exception {
        // 4 MiB of zeros deflate to ~4 KiB; the client inflates at most max-message (64 KiB here)
        final Deflater d = new Deflater(9, true);
        d.setInput(new byte[4 << 20]);
        final byte[] compressed = new byte[64 << 10];
        final int n = d.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);
        d.end();
        final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0xC2); // fin, RSV1, binary
        frame.write(126);
        frame.write((n - 4) >> 8);
        frame.write((n - 4) & 0xFF);
        frame.write(compressed, 0, n - 4);
        failsWith(backend, WebSocketClientConfig.defaults().withLimits(65536, 65536)
                .withDeflate(PerMessageDeflateConfig.enabledDefaults()), "Sec-WebSocket-Extensions: permessage-deflate\r\n",
            frame.toByteArray(), 1009);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void corruptCompressedDataIs1007(BackendKind backend) throws Exception {
        failsWith(backend, WebSocketClientConfig.defaults().withDeflate(PerMessageDeflateConfig.enabledDefaults()),
            "Sec-WebSocket-Extensions: permessage-deflate\r\n", new byte[] {(byte) 0xC1, 4, (byte) 0xFF, (byte) 0xFF, 1, 2},
            1007);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void compressedContinuationIs1002(BackendKind backend) throws Exception {
        // RSV1 on a continuation frame is a protocol error (RFC 7692 §6.1)
        failsWith(backend, WebSocketClientConfig.defaults().withDeflate(PerMessageDeflateConfig.enabledDefaults()),
            "Sec-WebSocket-Extensions: permessage-deflate\r\n", new byte[] {0x01, 1, 'a', (byte) 0xC0, 1, 'b'}, 1002);
    }
}

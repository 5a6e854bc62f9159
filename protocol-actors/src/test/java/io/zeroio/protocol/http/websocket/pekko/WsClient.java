package io.zeroio.protocol.http.websocket.pekko;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK {@code java.net.http.WebSocket} client collecting whole messages (test helper). */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();
    final WebSocket ws;

    WsClient(int port, String path) throws Exception {
        ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + path), this).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        w.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        final byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            messages.add("binary:" + binary.size() + ":" + java.util.Arrays.hashCode(binary.toByteArray()));
            binary.reset();
        }
        w.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
        closed.completeExceptionally(error);
    }

    void text(String s) throws Exception {
        ws.sendText(s, true).get(10, TimeUnit.SECONDS);
    }

    String next() throws InterruptedException {
        return messages.poll(10, TimeUnit.SECONDS);
    }

    int awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        ws.abort();
        http.close();
    }
}

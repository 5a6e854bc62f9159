package io.zeroio.protocol.http.websocket.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import io.zeroio.protocol.http.websocket.WebSocketFrame;

/**
 * A client handler recording what happens as strings: {@code open}, {@code text:<text>},
 * {@code binary:<length>:<crc32>} (fragments assembled), {@code pong:<text>}, {@code close:<code>},
 * {@code failure:<reason>}.
 */
public final class Recorder implements WebSocketClientHandler {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    volatile WebSocketClientException failure;

    @Override
    public void onOpen(WebSocketClientSession session) {
        events.add("open");
    }

    @Override
    public void onFrame(WebSocketClientSession session, WebSocketFrame frame) {
        final byte[] b = new byte[frame.payloadLength()];
        frame.buffer().getBytes(frame.payloadOffset(), b);
        message.writeBytes(b);
        if (frame.fin()) {
            final byte[] all = message.toByteArray();
            message.reset();
            events.add(frame.messageOpcode() == WebSocketFrame.TEXT ? "text:" + new String(all, StandardCharsets.UTF_8)
                : "binary:" + describe(all));
        }
    }

    @Override
    public void onPong(WebSocketClientSession session, WebSocketFrame frame) {
        events.add("pong:" + frame.buffer().getStringWithoutLengthUtf8(frame.payloadOffset(), frame.payloadLength()));
    }

    @Override
    public void onClose(WebSocketClientSession session, int code) {
        events.add("close:" + code);
    }

    @Override
    public void onFailure(long conn, WebSocketClientException e) {
        failure = e;
        events.add("failure:" + e.reason());
    }

    /** The next event (waits up to 10 s; "none" on timeout). */
    public String next() throws InterruptedException {
        final String e = events.poll(10, TimeUnit.SECONDS);
        return e == null ? "none" : e;
    }

    /** "length:crc32" of {@code data}. */
    public static String describe(byte[] data) {
        final CRC32 crc = new CRC32();
        crc.update(data);
        return data.length + ":" + Long.toHexString(crc.getValue());
    }
}

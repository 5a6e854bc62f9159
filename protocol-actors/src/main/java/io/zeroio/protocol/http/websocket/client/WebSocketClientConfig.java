package io.zeroio.protocol.http.websocket.client;

import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;

/**
 * Settings of a {@link ShardWebSocketClient}.
 *
 * @param handshakeTimeoutNanos from {@code connect} to the server's 101 (TCP connect included);
 *                              later → {@link WebSocketClientException.Reason#TIMEOUT}
 * @param closeTimeoutNanos     after our close frame, how long to wait for the server's; then the
 *                              TCP connection is closed and the session ends with 1006
 * @param maxFrameBytes         largest incoming frame payload; larger → close 1009. A frame that
 *                              straddles receives is gathered in one pool slot, so the shard needs a
 *                              pool tier of at least this plus 14 bytes
 * @param maxMessageBytes       largest incoming message (all fragments; for a compressed message its
 *                              inflated size, which must also fit the largest pool slot); larger → 1009
 * @param maxHandshakeBytes     largest handshake response head
 * @param deflate               permessage-deflate offer (off by default)
 */
public record WebSocketClientConfig(long handshakeTimeoutNanos, long closeTimeoutNanos, long maxFrameBytes,
                                    long maxMessageBytes, int maxHandshakeBytes, PerMessageDeflateConfig deflate) {
    /** Validates. */
    public WebSocketClientConfig {
        if (handshakeTimeoutNanos <= 0 || closeTimeoutNanos <= 0 || maxFrameBytes < 125 || maxMessageBytes < maxFrameBytes
            || maxHandshakeBytes < 256 || deflate == null) {
            throw new IllegalArgumentException("invalid WebSocketClientConfig " + handshakeTimeoutNanos + "/"
                + closeTimeoutNanos + "/" + maxFrameBytes + "/" + maxMessageBytes + "/" + maxHandshakeBytes + "/" + deflate);
        }
    }

    /** 10 s handshake, 5 s close, 64 KiB frames, 1 MiB messages, 16 KiB handshake head, no compression. */
    public static WebSocketClientConfig defaults() {
        return new WebSocketClientConfig(10_000_000_000L, 5_000_000_000L, 65536, 1 << 20, 16384,
            PerMessageDeflateConfig.disabled());
    }

    /** A copy with other frame and message limits. */
    public WebSocketClientConfig withLimits(long frameBytes, long messageBytes) {
        return new WebSocketClientConfig(handshakeTimeoutNanos, closeTimeoutNanos, frameBytes, messageBytes,
            maxHandshakeBytes, deflate);
    }

    /** A copy with another permessage-deflate setting. */
    public WebSocketClientConfig withDeflate(PerMessageDeflateConfig d) {
        return new WebSocketClientConfig(handshakeTimeoutNanos, closeTimeoutNanos, maxFrameBytes, maxMessageBytes,
            maxHandshakeBytes, d);
    }

    /** A copy with another close timeout. */
    public WebSocketClientConfig withCloseTimeout(long nanos) {
        return new WebSocketClientConfig(handshakeTimeoutNanos, nanos, maxFrameBytes, maxMessageBytes, maxHandshakeBytes,
            deflate);
    }

    /** A copy with another handshake timeout. */
    public WebSocketClientConfig withHandshakeTimeout(long nanos) {
        return new WebSocketClientConfig(nanos, closeTimeoutNanos, maxFrameBytes, maxMessageBytes, maxHandshakeBytes,
            deflate);
    }
}

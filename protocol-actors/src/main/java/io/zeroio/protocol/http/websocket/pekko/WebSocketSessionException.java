package io.zeroio.protocol.http.websocket.pekko;

/** A WebSocket session ended with {@code code}: how a stream session's inbound side fails. */
public final class WebSocketSessionException extends RuntimeException {
    private final int code;

    public WebSocketSessionException(int code, String message) {
        super(message + " (WebSocket close code " + code + ")");
        this.code = code;
    }

    /** The close code (RFC 6455 §7.4). */
    public int code() {
        return code;
    }
}

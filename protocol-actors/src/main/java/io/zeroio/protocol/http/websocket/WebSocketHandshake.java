package io.zeroio.protocol.http.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpRequestView;

/**
 * The opening handshake (RFC 6455 §4.2): recognising an upgrade request and computing
 * {@code Sec-WebSocket-Accept}. Runs once per connection (it allocates a little; not the frame path).
 */
public final class WebSocketHandshake {
    private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);

    private WebSocketHandshake() {
    }

    /**
     * Whether {@code request} is a valid WebSocket upgrade: GET, HTTP/1.1, {@code Upgrade: websocket},
     * {@code Connection} containing {@code upgrade}, {@code Sec-WebSocket-Version: 13} and a key.
     */
    public static boolean isUpgrade(HttpRequestView request) {
        if (request.method() != HttpMethod.GET || request.versionMinor() != 1) {
            return false;
        }
        final AsciiView upgrade = request.header("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return false;
        }
        final AsciiView connection = request.header("Connection");
        if (connection == null || !connection.toString().toLowerCase(java.util.Locale.ROOT).contains("upgrade")) {
            return false;
        }
        final AsciiView version = request.header("Sec-WebSocket-Version");
        if (version == null || !version.contentEquals("13")) {
            return false;
        }
        final AsciiView key = request.header("Sec-WebSocket-Key");
        return key != null && key.length() == 24;
    }

    /** {@code base64(SHA-1(key + GUID))} (§4.2.2 step 5.4). */
    public static String accept(CharSequence key) {
        try {
            final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (int i = 0; i < key.length(); i++) {
                sha1.update((byte) key.charAt(i));
            }
            sha1.update(GUID);
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }
}

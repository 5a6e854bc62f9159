package io.zeroio.protocol.http.websocket.deflate;

import java.util.Locale;

/**
 * The {@code Sec-WebSocket-Extensions} negotiation of permessage-deflate (RFC 7692 §5, §7.1):
 * the client's offer, the server's choice among offers, the client's check of the answer. Runs once
 * per handshake (it allocates a few strings; not the frame path).
 *
 * <p>The agreement is an {@code int}: {@link #NONE} or {@link #AGREED} with the context-takeover
 * bits that apply.
 */
public final class PerMessageDeflateNegotiation {
    /** No extension in use. */
    public static final int NONE = 0;
    /** permessage-deflate is in use. */
    public static final int AGREED = 1;
    /** The server resets its compressor for every message. */
    public static final int SERVER_NO_CONTEXT_TAKEOVER = 1 << 1;
    /** The client resets its compressor for every message. */
    public static final int CLIENT_NO_CONTEXT_TAKEOVER = 1 << 2;
    /** A server answer the client cannot accept (the client fails the handshake). */
    public static final int INVALID = -1;

    private static final String NAME = "permessage-deflate";

    private PerMessageDeflateNegotiation() {
    }

    /** The offer a client sends ({@code null} when disabled). */
    public static String clientOffer(PerMessageDeflateConfig config) {
        if (!config.enabled()) {
            return null;
        }
        final StringBuilder s = new StringBuilder(NAME);
        if (config.serverNoContextTakeover()) {
            s.append("; server_no_context_takeover");
        }
        if (config.clientNoContextTakeover()) {
            s.append("; client_no_context_takeover");
        }
        return s.toString(); // no client_max_window_bits: java.util.zip only deflates with 15-bit windows
    }

    /**
     * The server's choice: the first acceptable permessage-deflate offer in {@code header} (the
     * request's {@code Sec-WebSocket-Extensions}, may be null). Returns the agreement and, when agreed,
     * appends the response's extension value to {@code response}.
     */
    public static int serverAccept(CharSequence header, PerMessageDeflateConfig config, StringBuilder response) {
        if (!config.enabled() || header == null) {
            return NONE;
        }
        for (String offer : header.toString().split(",")) {
            final String[] parts = offer.split(";");
            if (!parts[0].trim().equalsIgnoreCase(NAME)) {
                continue;
            }
            int agreement = AGREED;
            boolean ok = true;
            int seen = 0;
            for (int k = 1; k < parts.length && ok; k++) {
                final String p = parts[k].trim();
                final int eq = p.indexOf('=');
                final String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                final String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
                final int bit = switch (name) {
                    case "server_no_context_takeover" -> 1;
                    case "client_no_context_takeover" -> 2;
                    case "server_max_window_bits" -> 4;
                    case "client_max_window_bits" -> 8;
                    default -> 0;
                };
                if (bit == 0 || (seen & bit) != 0) {
                    ok = false; // unknown or repeated parameter: decline this offer (§7.1)
                    break;
                }
                seen |= bit;
                switch (bit) {
                    case 1 -> ok = value == null && (agreement |= SERVER_NO_CONTEXT_TAKEOVER) != 0;
                    case 2 -> ok = value == null && (agreement |= CLIENT_NO_CONTEXT_TAKEOVER) != 0;
                    case 4 -> ok = windowBits(value) == 15; // we cannot deflate with a smaller window
                    default -> ok = value == null || windowBits(value) > 0; // the client limits itself: we inflate any
                }
            }
            if (!ok) {
                continue;
            }
            if (config.serverNoContextTakeover()) {
                agreement |= SERVER_NO_CONTEXT_TAKEOVER;
            }
            if (config.clientNoContextTakeover()) {
                agreement |= CLIENT_NO_CONTEXT_TAKEOVER;
            }
            response.append(NAME);
            if ((agreement & SERVER_NO_CONTEXT_TAKEOVER) != 0) {
                response.append("; server_no_context_takeover");
            }
            if ((agreement & CLIENT_NO_CONTEXT_TAKEOVER) != 0) {
                response.append("; client_no_context_takeover");
            }
            return agreement;
        }
        return NONE;
    }

    /**
     * The client's check of the server's answer ({@code header} may be null: no extension).
     *
     * @return the agreement, or {@link #INVALID} when the answer must fail the connection (§7.1:
     *         an extension not offered, unknown or repeated parameters, {@code client_max_window_bits}
     *         (not offered), a bad window size)
     */
    public static int clientAccept(CharSequence header, PerMessageDeflateConfig config) {
        if (header == null || header.toString().isBlank()) {
            return NONE;
        }
        if (!config.enabled()) {
            return INVALID; // an extension we did not offer
        }
        final String[] extensions = header.toString().split(",");
        if (extensions.length != 1) {
            return INVALID;
        }
        final String[] parts = extensions[0].split(";");
        if (!parts[0].trim().equalsIgnoreCase(NAME)) {
            return INVALID;
        }
        int agreement = AGREED;
        int seen = 0;
        for (int k = 1; k < parts.length; k++) {
            final String p = parts[k].trim();
            final int eq = p.indexOf('=');
            final String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            final String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
            final int bit;
            switch (name) {
                case "server_no_context_takeover" -> {
                    bit = 1;
                    if (value != null) {
                        return INVALID;
                    }
                    agreement |= SERVER_NO_CONTEXT_TAKEOVER;
                }
                case "client_no_context_takeover" -> {
                    bit = 2;
                    if (value != null) {
                        return INVALID;
                    }
                    agreement |= CLIENT_NO_CONTEXT_TAKEOVER;
                }
                case "server_max_window_bits" -> {
                    bit = 4;
                    if (windowBits(value) < 0) {
                        return INVALID; // any valid size is fine: the server limits its own window
                    }
                }
                default -> {
                    return INVALID; // client_max_window_bits was not offered; unknown parameters fail
                }
            }
            if ((seen & bit) != 0) {
                return INVALID;
            }
            seen |= bit;
        }
        if (config.serverNoContextTakeover() && (agreement & SERVER_NO_CONTEXT_TAKEOVER) == 0) {
            return INVALID; // we asked for it; a server must accept or decline the whole offer
        }
        return agreement;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    /** 8..15 as an int, or -1 for anything else (RFC 7692 §7.1.2: 1*DIGIT, no leading zero). */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        final int n = Integer.parseInt(value);
        return n >= 8 && n <= 15 ? n : -1;
    }
}

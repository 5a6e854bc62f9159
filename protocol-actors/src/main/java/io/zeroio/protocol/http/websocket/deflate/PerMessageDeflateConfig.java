package io.zeroio.protocol.http.websocket.deflate;

import java.util.zip.Deflater;

/**
 * permessage-deflate (RFC 7692) settings of one endpoint, server or client; off by default
 * (reference.conf {@code zero-io.http.websocket.permessage-deflate}).
 *
 * <p>Only 15-bit LZ77 windows are supported (what {@code java.util.zip} implements): a server
 * declines an offer that asks it for {@code server_max_window_bits} below 15 (and takes the next
 * offer, or none); a client never offers {@code client_max_window_bits} and fails a handshake whose
 * response asks it for one. Windows the <em>peer</em> limits for itself are fine: a 15-bit inflater
 * reads any smaller window.
 *
 * @param enabled                 offer (client) / accept (server) the extension
 * @param serverNoContextTakeover ask for / impose {@code server_no_context_takeover}: the server's
 *                                compressor restarts for every message (less memory kept useful, worse ratio)
 * @param clientNoContextTakeover ask for / impose {@code client_no_context_takeover}
 * @param level                   {@link Deflater} level 0-9 (or -1 for the default, 6)
 * @param thresholdBytes          messages shorter than this are sent uncompressed (RSV1 clear); 0: all
 */
public record PerMessageDeflateConfig(boolean enabled, boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                      int level, int thresholdBytes) {
    /** Validates; messages name the reference.conf key. */
    public PerMessageDeflateConfig {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("zero-io.http.websocket.permessage-deflate.level must be -1..9, was " + level);
        }
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException("zero-io.http.websocket.permessage-deflate.threshold must be >= 0, was "
                + thresholdBytes);
        }
    }

    /** Off (the reference.conf default). */
    public static PerMessageDeflateConfig disabled() {
        return new PerMessageDeflateConfig(false, false, false, Deflater.DEFAULT_COMPRESSION, 64);
    }

    /** On, with context takeover both ways, the default level and a 64-byte threshold. */
    public static PerMessageDeflateConfig enabledDefaults() {
        return new PerMessageDeflateConfig(true, false, false, Deflater.DEFAULT_COMPRESSION, 64);
    }
}

package io.zeroio.protocol.http.limits;

import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;

/**
 * Limits and timeouts of the HTTP/1.1 server, with the defaults of {@code reference.conf}
 * ({@code zero-io.http { ... }}; the Pekko extension maps those keys onto this record).
 *
 * <p>Each limit names the status a request that breaks it gets (then the connection closes):
 *
 * @param maxRequestLineBytes  request line (method, target, version) without CRLF; longer → 414
 * @param maxHeaderBytes       header section after the request line, CRLFs included; longer → 431
 * @param maxHeaders           header fields per request; more → 431
 * @param maxBodyBytes         request body (Content-Length or decoded chunked size); larger → 413
 * @param maxChunkExtensionBytes bytes of chunk extensions on one chunk-size line; more → 400
 * @param requestTimeoutNanos  from a request's first byte to its last; slower → 408 (slowloris)
 * @param idleTimeoutNanos     keep-alive connection without any request in flight; longer → closed silently
 * @param closeLingerNanos     after a response that closes, how long to wait for the peer's FIN
 * @param responseBufferBytes  size asked for when a TX slot is checked out for responses
 * @param serverHeader         value of the {@code Server} header, or empty for none
 * @param websocketMaxFrameBytes   largest WebSocket frame payload accepted; larger → close 1009
 * @param websocketMaxMessageBytes largest WebSocket message (all fragments); larger → close 1009
 * @param websocketDeflate         permessage-deflate (RFC 7692) on WebSocket endpoints; off by default
 * @param maxStreamBodyBytes       largest body a streaming route ({@code BodyStream}) accepts; larger → 413
 * @param bodyStreamLeases         receive leases a streamed body may have unconsumed before the
 *                                 connection's receives pause (the seed's 8-slot ring)
 */
public record HttpServerConfig(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaders, long maxBodyBytes,
                               int maxChunkExtensionBytes, long requestTimeoutNanos, long idleTimeoutNanos,
                               long closeLingerNanos, int responseBufferBytes,
                               String serverHeader, long websocketMaxFrameBytes, long websocketMaxMessageBytes,
                               PerMessageDeflateConfig websocketDeflate,
                               long maxStreamBodyBytes, int bodyStreamLeases) {

    /** Default request line limit (8 KiB, as nginx's large_client_header_buffers). */
    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8192;
    /** Default header section limit. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 8192;
    /** Default header field count. */
    public static final int DEFAULT_MAX_HEADERS = 64;
    /** Default body limit (64 KiB: an inline body must fit one pool slot). */
    public static final long DEFAULT_MAX_BODY_BYTES = 65536;

    /** Validates every field; messages name the {@code reference.conf} key. */
    public HttpServerConfig {
        positive("max-request-line", maxRequestLineBytes, 16);
        positive("max-header-bytes", maxHeaderBytes, 16);
        positive("max-headers", maxHeaders, 1);
        if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 65536) {
            throw new IllegalArgumentException("zero-io.http.max-body must be in 0.." + (Integer.MAX_VALUE - 65536)
                + ", was " + maxBodyBytes);
        }
        positive("max-chunk-extension", maxChunkExtensionBytes, 0);
        if (requestTimeoutNanos <= 0 || idleTimeoutNanos <= 0 || closeLingerNanos < 0) {
            throw new IllegalArgumentException("zero-io.http request-timeout and idle-timeout must be > 0, close-linger >= 0");
        }
        positive("response-buffer", responseBufferBytes, 256);
        positive("websocket.max-frame", websocketMaxFrameBytes, 125);
        positive("websocket.max-message", websocketMaxMessageBytes, websocketMaxFrameBytes);
        if (websocketDeflate == null) {
            throw new IllegalArgumentException("zero-io.http.websocket.permessage-deflate must be set");
        }
        positive("max-stream-body", maxStreamBodyBytes, 0);
        if (bodyStreamLeases < 2 || bodyStreamLeases > 1024) {
            throw new IllegalArgumentException("zero-io.http.body-stream-leases must be in 2..1024, was " + bodyStreamLeases);
        }
        if (serverHeader == null || serverHeader.indexOf('\r') >= 0 || serverHeader.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("zero-io.http.server-header must be a single line (may be empty)");
        }
    }

    private static void positive(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("zero-io.http." + key + " must be >= " + min + ", was " + value);
        }
    }

    /** The defaults (the values in {@code reference.conf}). */
    public static HttpServerConfig defaults() {
        return builder().build();
    }

    /** A builder preset with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The largest request head (request line + CRLF + header section) this configuration accepts. */
    public int maxHeadBytes() {
        return maxRequestLineBytes + 2 + maxHeaderBytes;
    }

    /** Mutable builder for {@link HttpServerConfig}. */
    public static final class Builder {
        private int maxRequestLineBytes = DEFAULT_MAX_REQUEST_LINE_BYTES;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int maxHeaders = DEFAULT_MAX_HEADERS;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxChunkExtensionBytes = 256;
        private long requestTimeoutNanos = 10_000_000_000L;
        private long idleTimeoutNanos = 60_000_000_000L;
        private long closeLingerNanos = 2_000_000_000L;
        private int responseBufferBytes = 16384;
        private String serverHeader = "zero-io";
        private long websocketMaxFrameBytes = 65536;
        private long websocketMaxMessageBytes = 1 << 20;
        private PerMessageDeflateConfig websocketDeflate = PerMessageDeflateConfig.disabled();
        private long maxStreamBodyBytes = 1L << 30;
        private int bodyStreamLeases = 8;

        Builder() {
        }

        /** {@code max-request-line}. */
        public Builder maxRequestLineBytes(int v) { maxRequestLineBytes = v; return this; }

        /** {@code max-header-bytes}. */
        public Builder maxHeaderBytes(int v) { maxHeaderBytes = v; return this; }

        /** {@code max-headers}. */
        public Builder maxHeaders(int v) { maxHeaders = v; return this; }

        /** {@code max-body}. */
        public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }

        /** {@code max-chunk-extension}. */
        public Builder maxChunkExtensionBytes(int v) { maxChunkExtensionBytes = v; return this; }

        /** {@code request-timeout}. */
        public Builder requestTimeoutNanos(long v) { requestTimeoutNanos = v; return this; }

        /** {@code idle-timeout}. */
        public Builder idleTimeoutNanos(long v) { idleTimeoutNanos = v; return this; }

        /** {@code close-linger}. */
        public Builder closeLingerNanos(long v) { closeLingerNanos = v; return this; }

        /** {@code response-buffer}. */
        public Builder responseBufferBytes(int v) { responseBufferBytes = v; return this; }

        /** {@code server-header}. */
        public Builder serverHeader(String v) { serverHeader = v; return this; }

        /** {@code websocket.max-frame}. */
        public Builder websocketMaxFrameBytes(long v) { websocketMaxFrameBytes = v; return this; }

        /** {@code websocket.max-message}. */
        public Builder websocketMaxMessageBytes(long v) { websocketMaxMessageBytes = v; return this; }

        /** {@code websocket.permessage-deflate}. */
        public Builder websocketDeflate(PerMessageDeflateConfig v) { websocketDeflate = v; return this; }

        /** {@code max-stream-body}. */
        public Builder maxStreamBodyBytes(long v) { maxStreamBodyBytes = v; return this; }

        /** {@code body-stream-leases}. */
        public Builder bodyStreamLeases(int v) { bodyStreamLeases = v; return this; }

        /** Validates and builds. */
        public HttpServerConfig build() {
            return new HttpServerConfig(maxRequestLineBytes, maxHeaderBytes, maxHeaders, maxBodyBytes,
                maxChunkExtensionBytes, requestTimeoutNanos, idleTimeoutNanos,
                closeLingerNanos, responseBufferBytes, serverHeader, websocketMaxFrameBytes, websocketMaxMessageBytes,
                websocketDeflate,
                maxStreamBodyBytes, bodyStreamLeases);
        }
    }
}

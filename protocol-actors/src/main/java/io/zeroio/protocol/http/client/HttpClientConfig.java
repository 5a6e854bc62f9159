package io.zeroio.protocol.http.client;

/**
 * Client settings.
 *
 * @param responseTimeoutNanos from sending a request (or starting its connect) to the complete response
 * @param maxIdlePerHost       idle keep-alive connections kept per target (LIFO); more are closed
 * @param maxResponseHeadBytes status line and headers; larger → {@link HttpClientFailure#INVALID_RESPONSE}
 * @param maxResponseBodyBytes body; larger → INVALID_RESPONSE (a response must fit the largest pool slot)
 * @param maxHeaders           header fields per response
 */
public record HttpClientConfig(long responseTimeoutNanos, int maxIdlePerHost, int maxResponseHeadBytes,
                               long maxResponseBodyBytes, int maxHeaders) {
    /** Validates. */
    public HttpClientConfig {
        if (responseTimeoutNanos <= 0 || maxIdlePerHost < 0 || maxResponseHeadBytes < 64 || maxResponseBodyBytes < 0
            || maxHeaders < 1) {
            throw new IllegalArgumentException("invalid HttpClientConfig " + responseTimeoutNanos + "/" + maxIdlePerHost
                + "/" + maxResponseHeadBytes + "/" + maxResponseBodyBytes + "/" + maxHeaders);
        }
    }

    /** 10 s timeout, 16 idle connections per host, 16 KiB heads, 64 KiB bodies, 64 fields. */
    public static HttpClientConfig defaults() {
        return new HttpClientConfig(10_000_000_000L, 16, 16384, 65536, 64);
    }
}

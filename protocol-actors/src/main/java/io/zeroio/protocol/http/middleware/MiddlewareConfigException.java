package io.zeroio.protocol.http.middleware;

/**
 * A {@code zero-io.http.middleware} setting (or the equivalent builder value) is missing or
 * invalid. The message starts with the full key, e.g.
 * {@code zero-io.http.middleware.compression.level: must be in 0..9, was 12}.
 */
public final class MiddlewareConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    /**
     * @param key     the full configuration path
     * @param message what is wrong and what is allowed
     */
    public MiddlewareConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The full configuration path that failed. */
    public String key() {
        return key;
    }
}

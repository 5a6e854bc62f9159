package io.zeroio.pekko;

/**
 * A {@code zero-io} configuration value is missing or invalid. The message names the full key
 * (e.g. {@code zero-io.backend}) and the allowed values.
 */
public final class ZeroIoConfigException extends IllegalArgumentException {
    private final String key;

    /**
     * @param key     the full configuration path
     * @param message what is wrong and what is allowed
     */
    public ZeroIoConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The full configuration path that failed. */
    public String key() {
        return key;
    }
}

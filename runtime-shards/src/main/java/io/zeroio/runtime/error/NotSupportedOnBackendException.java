package io.zeroio.runtime.error;

/** A feature the chosen backend does not provide (the seed's {@code NotSupportedOnBackend}). */
public final class NotSupportedOnBackendException extends ZeroIoException {
    private static final long serialVersionUID = 1L;

    /** Names the backend and the feature. */
    public NotSupportedOnBackendException(String backend, String feature) {
        super(feature + " is not supported on the " + backend + " backend");
    }
}

package io.zeroio.runtime.error;

/** The requested backend cannot run here (e.g. io_uring disabled or filtered by seccomp). */
public final class BackendUnavailableException extends ZeroIoException {
    private static final long serialVersionUID = 1L;

    /** With the reason and the fix. */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

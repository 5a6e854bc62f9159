package io.zeroio.runtime.error;

import java.io.IOException;

/**
 * Root of zero-io's typed errors (the seed's {@code IoError}). Messages name the syscall, the
 * errno and, where one is known, the fix.
 */
public class ZeroIoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message that says what failed and how to fix it. */
    public ZeroIoException(String message) {
        super(message);
    }

    /** With a cause. */
    public ZeroIoException(String message, Throwable cause) {
        super(message, cause);
    }
}

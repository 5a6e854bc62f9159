package io.zeroio.runtime.error;

/** The peer reset the connection (ECONNRESET or EPIPE). */
public final class ConnectionResetException extends SyscallException {
    private static final long serialVersionUID = 1L;

    /** See {@link SyscallException#SyscallException(String, int, String)}. */
    public ConnectionResetException(String syscall, int errno, String message) {
        super(syscall, errno, message);
    }
}

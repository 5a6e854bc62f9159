package io.zeroio.runtime.error;

/** The peer refused the connection (ECONNREFUSED): nothing listens at that address. */
public final class ConnectionRefusedException extends SyscallException {
    private static final long serialVersionUID = 1L;

    /** See {@link SyscallException#SyscallException(String, int, String)}. */
    public ConnectionRefusedException(String syscall, int errno, String message) {
        super(syscall, errno, message);
    }
}

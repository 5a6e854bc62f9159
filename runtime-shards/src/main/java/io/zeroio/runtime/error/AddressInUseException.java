package io.zeroio.runtime.error;

/** The address is taken (EADDRINUSE): another socket listens on it; choose another port or enable SO_REUSEPORT on every listener. */
public final class AddressInUseException extends SyscallException {
    private static final long serialVersionUID = 1L;

    /** See {@link SyscallException#SyscallException(String, int, String)}. */
    public AddressInUseException(String syscall, int errno, String message) {
        super(syscall, errno, message);
    }
}

package io.zeroio.runtime.error;

/**
 * A system call failed with {@code errno}. Subclasses name the common, actionable cases.
 */
public class SyscallException extends ZeroIoException {
    private static final long serialVersionUID = 1L;
    private final String syscall;
    private final int errno;

    /**
     * @param syscall the failing call, e.g. {@code "bind"}
     * @param errno   the positive errno value
     * @param message full message (syscall, errno name, description, hint)
     */
    public SyscallException(String syscall, int errno, String message) {
        super(message);
        this.syscall = syscall;
        this.errno = errno;
    }

    /** The failing system call. */
    public String syscall() {
        return syscall;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }
}

package io.zeroio.runtime.error;

/**
 * Maps an errno to its typed exception (error paths only: allocates).
 */
public final class Errors {
    /** errno values used to pick a type (Linux x86-64, errno-base.h / errno.h). */
    public static final int ECONNREFUSED = 111;
    /** Connection reset by peer. */
    public static final int ECONNRESET = 104;
    /** Broken pipe. */
    public static final int EPIPE = 32;
    /** Address already in use. */
    public static final int EADDRINUSE = 98;

    private Errors() {
    }

    /** The typed exception for {@code errno} raised by {@code syscall}. */
    public static SyscallException of(String syscall, int errno, String hint) {
        final String message = syscall + " failed: " + ErrnoNames.name(errno) + " (" + ErrnoNames.describe(errno) + ")"
            + (hint == null || hint.isEmpty() ? "" : " — " + hint);
        return switch (errno) {
            case ECONNREFUSED -> new ConnectionRefusedException(syscall, errno, message);
            case ECONNRESET, EPIPE -> new ConnectionResetException(syscall, errno, message);
            case EADDRINUSE -> new AddressInUseException(syscall, errno,
                hint == null ? message + " — another socket listens on this address; choose another port or enable SO_REUSEPORT" : message);
            default -> new SyscallException(syscall, errno, message);
        };
    }
}

package io.zeroio.runtime.error;

/** Names and short descriptions of the errno values networking code meets (Linux x86-64). */
public final class ErrnoNames {
    private ErrnoNames() {
    }

    /** Symbolic name, e.g. {@code "ECONNREFUSED"}; {@code "errno N"} when unknown. */
    public static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 4 -> "EINTR";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 32 -> "EPIPE";
            case 38 -> "ENOSYS";
            case 62 -> "ETIME";
            case 95 -> "EOPNOTSUPP";
            case 97 -> "EAFNOSUPPORT";
            case 98 -> "EADDRINUSE";
            case 99 -> "EADDRNOTAVAIL";
            case 101 -> "ENETUNREACH";
            case 103 -> "ECONNABORTED";
            case 104 -> "ECONNRESET";
            case 105 -> "ENOBUFS";
            case 107 -> "ENOTCONN";
            case 110 -> "ETIMEDOUT";
            case 111 -> "ECONNREFUSED";
            case 113 -> "EHOSTUNREACH";
            case 125 -> "ECANCELED";
            default -> "errno " + errno;
        };
    }

    /** A short description, as strerror(3) would give. */
    public static String describe(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 4 -> "Interrupted system call";
            case 9 -> "Bad file descriptor";
            case 11 -> "Resource temporarily unavailable";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 22 -> "Invalid argument";
            case 24 -> "Too many open files";
            case 32 -> "Broken pipe";
            case 38 -> "Function not implemented";
            case 62 -> "Timer expired";
            case 95 -> "Operation not supported";
            case 98 -> "Address already in use";
            case 99 -> "Cannot assign requested address";
            case 103 -> "Software caused connection abort";
            case 104 -> "Connection reset by peer";
            case 105 -> "No buffer space available";
            case 107 -> "Transport endpoint is not connected";
            case 110 -> "Connection timed out";
            case 111 -> "Connection refused";
            case 125 -> "Operation canceled";
            default -> "unknown error";
        };
    }
}

package io.zeroio.runtime.os;

import java.io.IOException;

/**
 * A failed native call: names the call, carries its errno and says how to fix the common cases.
 *
 * <p>The message reads {@code "<call> failed: <ENAME> (<strerror>) — <fix hint>"}, e.g.
 * {@code "io_uring_setup failed: EPERM (Operation not permitted) — io_uring is disabled by
 * /proc/sys/kernel/io_uring_disabled or a seccomp filter; set it to 0 or use backend = nio"}. When the
 * caller knows more (the address of a failed bind) it appears after the errno as {@code "[for ...]"}.
 *
 * <p>Constructed only on failure paths; building the message allocates.
 */
public class NativeIoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The failing call's name. */
    private final String syscall;
    /** The positive errno. */
    private final int errno;

    /**
     * A failure of {@code syscall} with {@code errno}.
     *
     * @param syscall the failing call, e.g. {@code "bind"} or {@code "io_uring_register(IORING_REGISTER_PBUF_RING)"}
     * @param errno   the errno (a negated value is accepted and normalised)
     */
    public NativeIoException(String syscall, int errno) {
        this(syscall, errno, null);
    }

    /**
     * A failure of {@code syscall} with {@code errno}, naming what it was applied to.
     *
     * @param syscall the failing call
     * @param errno   the errno (a negated value is accepted and normalised)
     * @param context what the call was applied to (an address, a buffer group), or {@code null}
     */
    public NativeIoException(String syscall, int errno, String context) {
        super(message(syscall, errno < 0 ? -errno : errno, context));
        this.syscall = syscall;
        this.errno = errno < 0 ? -errno : errno;
    }

    /**
     * The failing call's name as given at construction.
     *
     * @return the syscall or libc function name
     */
    public String syscall() {
        return syscall;
    }

    /**
     * The positive errno value.
     *
     * @return errno
     */
    public int errno() {
        return errno;
    }

    /**
     * The symbolic errno name, e.g. {@code "EADDRINUSE"}.
     *
     * @return the errno name
     */
    public String errnoName() {
        return Errno.name(errno);
    }

    private static String message(String syscall, int errno, String context) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(syscall).append(" failed: ").append(Errno.name(errno))
                .append(" (").append(Errno.strerror(errno)).append(')');
        if (context != null) {
            sb.append(" [for ").append(context).append(']');
        }
        String hint = hint(syscall, errno);
        if (hint != null) {
            sb.append(" — ").append(hint);
        }
        return sb.toString();
    }

    /**
     * The fix hint for a call and errno, or {@code null} when there is no useful advice.
     *
     * @param syscall the call name (a prefix such as {@code "io_uring_register"} is enough)
     * @param errno   the positive errno
     * @return the hint or {@code null}
     */
    public static String hint(String syscall, int errno) {
        boolean uring = syscall.startsWith("io_uring");
        switch (errno) {
            case Errno.EPERM:
                if (syscall.startsWith("io_uring_setup")) {
                    return "io_uring is disabled by /proc/sys/kernel/io_uring_disabled or a seccomp filter "
                            + "(containers often block it); set it to 0 (sysctl kernel.io_uring_disabled=0) "
                            + "or use backend = nio";
                }
                if (syscall.startsWith("sched_setaffinity")) {
                    return "the process may not change this thread's CPU affinity (CAP_SYS_NICE or a cgroup "
                            + "cpuset forbids it); disable shard pinning";
                }
                return null;
            case Errno.ENOSYS:
                if (uring) {
                    return "this kernel has no io_uring (Linux >= 6.1 is required); use backend = nio";
                }
                return null;
            case Errno.ENOMEM:
                if (uring || syscall.startsWith("mmap") || syscall.startsWith("mlock")) {
                    return "locked-memory limit reached; raise RLIMIT_MEMLOCK (ulimit -l, LimitMEMLOCK= in "
                            + "systemd) or grant CAP_IPC_LOCK, or use fewer/smaller rings and buffer pools";
                }
                return null;
            case Errno.EINVAL:
                if (syscall.startsWith("io_uring_setup")) {
                    return "the kernel rejects these set-up flags or sizes (DEFER_TASKRUN needs SINGLE_ISSUER, "
                            + "SQPOLL cannot combine with DEFER_TASKRUN, entries must be 1..32768)";
                }
                if (syscall.startsWith("io_uring_register")) {
                    return "the kernel rejects this registration (entries must be a power of two, "
                            + "memory page-aligned, or the opcode is newer than this kernel)";
                }
                if (syscall.startsWith("sched_setaffinity")) {
                    return "the CPU set holds no online CPU this process may use (check taskset / cgroup cpuset)";
                }
                return null;
            case Errno.EEXIST:
                if (syscall.startsWith("io_uring_register")) {
                    return "already registered: the buffer group id or table is in use on this ring";
                }
                if (syscall.startsWith("io_uring_enter")) {
                    return "the ring was set up with IORING_SETUP_SINGLE_ISSUER and is used from a thread "
                            + "other than the one that first submitted; call it only from its shard thread";
                }
                return null;
            case Errno.EBUSY:
                if (uring) {
                    return "completion queue overflow: reap completions before submitting more, or enlarge the CQ";
                }
                return null;
            case Errno.EADDRINUSE:
                return "another socket (maybe another process) is bound to this address; choose another port, "
                        + "or set SO_REUSEPORT on every socket that shares it";
            case Errno.EADDRNOTAVAIL:
                return "the address is not local to this host; bind to an address of one of its interfaces";
            case Errno.EACCES:
                if (syscall.startsWith("bind")) {
                    return "ports below 1024 need CAP_NET_BIND_SERVICE (or lower net.ipv4.ip_unprivileged_port_start)";
                }
                return null;
            case Errno.ECONNREFUSED:
                return "nothing listens on the destination; start the server or check host and port";
            case Errno.ETIMEDOUT:
                return "the peer did not answer; check the route, firewall and that the host is up";
            case Errno.ENETUNREACH:
            case Errno.EHOSTUNREACH:
                return "no route to the destination; check the address and the host's routes";
            case Errno.EMFILE:
                return "per-process file descriptor limit reached; raise RLIMIT_NOFILE (ulimit -n)";
            case Errno.ENFILE:
                return "system-wide file limit reached; raise fs.file-max";
            case Errno.EAFNOSUPPORT:
                return "address family not supported by this host (IPv6 disabled?)";
            default:
                return null;
        }
    }
}

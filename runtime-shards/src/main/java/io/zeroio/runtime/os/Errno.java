package io.zeroio.runtime.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Linux errno values (asm-generic/errno-base.h, asm-generic/errno.h; the same on x86-64 and aarch64)
 * and their names, looked up from a table rather than by reflection.
 */
public final class Errno {
    /** EPERM (1): Operation not permitted. */
    public static final int EPERM = 1;
    /** ENOENT (2): No such file or directory. */
    public static final int ENOENT = 2;
    /** ESRCH (3): No such process. */
    public static final int ESRCH = 3;
    /** EINTR (4): Interrupted system call. */
    public static final int EINTR = 4;
    /** EIO (5): Input/output error. */
    public static final int EIO = 5;
    /** ENXIO (6): No such device or address. */
    public static final int ENXIO = 6;
    /** E2BIG (7): Argument list too long. */
    public static final int E2BIG = 7;
    /** ENOEXEC (8): Exec format error. */
    public static final int ENOEXEC = 8;
    /** EBADF (9): Bad file descriptor. */
    public static final int EBADF = 9;
    /** ECHILD (10): No child processes. */
    public static final int ECHILD = 10;
    /** EAGAIN (11): Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** ENOMEM (12): Cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** EACCES (13): Permission denied. */
    public static final int EACCES = 13;
    /** EFAULT (14): Bad address. */
    public static final int EFAULT = 14;
    /** ENOTBLK (15): Block device required. */
    public static final int ENOTBLK = 15;
    /** EBUSY (16): Device or resource busy. */
    public static final int EBUSY = 16;
    /** EEXIST (17): File exists. */
    public static final int EEXIST = 17;
    /** EXDEV (18): Invalid cross-device link. */
    public static final int EXDEV = 18;
    /** ENODEV (19): No such device. */
    public static final int ENODEV = 19;
    /** ENOTDIR (20): Not a directory. */
    public static final int ENOTDIR = 20;
    /** EISDIR (21): Is a directory. */
    public static final int EISDIR = 21;
    /** EINVAL (22): Invalid argument. */
    public static final int EINVAL = 22;
    /** ENFILE (23): Too many open files in system. */
    public static final int ENFILE = 23;
    /** EMFILE (24): Too many open files. */
    public static final int EMFILE = 24;
    /** ENOTTY (25): Inappropriate ioctl for device. */
    public static final int ENOTTY = 25;
    /** ETXTBSY (26): Text file busy. */
    public static final int ETXTBSY = 26;
    /** EFBIG (27): File too large. */
    public static final int EFBIG = 27;
    /** ENOSPC (28): No space left on device. */
    public static final int ENOSPC = 28;
    /** ESPIPE (29): Illegal seek. */
    public static final int ESPIPE = 29;
    /** EROFS (30): Read-only file system. */
    public static final int EROFS = 30;
    /** EMLINK (31): Too many links. */
    public static final int EMLINK = 31;
    /** EPIPE (32): Broken pipe. */
    public static final int EPIPE = 32;
    /** EDOM (33): Numerical argument out of domain. */
    public static final int EDOM = 33;
    /** ERANGE (34): Numerical result out of range. */
    public static final int ERANGE = 34;
    /** EDEADLK (35): Resource deadlock avoided. */
    public static final int EDEADLK = 35;
    /** ENAMETOOLONG (36): File name too long. */
    public static final int ENAMETOOLONG = 36;
    /** ENOLCK (37): No locks available. */
    public static final int ENOLCK = 37;
    /** ENOSYS (38): Function not implemented. */
    public static final int ENOSYS = 38;
    /** ENOTEMPTY (39): Directory not empty. */
    public static final int ENOTEMPTY = 39;
    /** ELOOP (40): Too many levels of symbolic links. */
    public static final int ELOOP = 40;
    /** ENOMSG (42): No message of desired type. */
    public static final int ENOMSG = 42;
    /** EIDRM (43): Identifier removed. */
    public static final int EIDRM = 43;
    /** ECHRNG (44): Channel number out of range. */
    public static final int ECHRNG = 44;
    /** EL2NSYNC (45): Level 2 not synchronized. */
    public static final int EL2NSYNC = 45;
    /** EL3HLT (46): Level 3 halted. */
    public static final int EL3HLT = 46;
    /** EL3RST (47): Level 3 reset. */
    public static final int EL3RST = 47;
    /** ELNRNG (48): Link number out of range. */
    public static final int ELNRNG = 48;
    /** EUNATCH (49): Protocol driver not attached. */
    public static final int EUNATCH = 49;
    /** ENOCSI (50): No CSI structure available. */
    public static final int ENOCSI = 50;
    /** EL2HLT (51): Level 2 halted. */
    public static final int EL2HLT = 51;
    /** EBADE (52): Invalid exchange. */
    public static final int EBADE = 52;
    /** EBADR (53): Invalid request descriptor. */
    public static final int EBADR = 53;
    /** EXFULL (54): Exchange full. */
    public static final int EXFULL = 54;
    /** ENOANO (55): No anode. */
    public static final int ENOANO = 55;
    /** EBADRQC (56): Invalid request code. */
    public static final int EBADRQC = 56;
    /** EBADSLT (57): Invalid slot. */
    public static final int EBADSLT = 57;
    /** EBFONT (59): Bad font file format. */
    public static final int EBFONT = 59;
    /** ENOSTR (60): Device not a stream. */
    public static final int ENOSTR = 60;
    /** ENODATA (61): No data available. */
    public static final int ENODATA = 61;
    /** ETIME (62): Timer expired. */
    public static final int ETIME = 62;
    /** ENOSR (63): Out of streams resources. */
    public static final int ENOSR = 63;
    /** ENONET (64): Machine is not on the network. */
    public static final int ENONET = 64;
    /** ENOPKG (65): Package not installed. */
    public static final int ENOPKG = 65;
    /** EREMOTE (66): Object is remote. */
    public static final int EREMOTE = 66;
    /** ENOLINK (67): Link has been severed. */
    public static final int ENOLINK = 67;
    /** EADV (68): Advertise error. */
    public static final int EADV = 68;
    /** ESRMNT (69): Srmount error. */
    public static final int ESRMNT = 69;
    /** ECOMM (70): Communication error on send. */
    public static final int ECOMM = 70;
    /** EPROTO (71): Protocol error. */
    public static final int EPROTO = 71;
    /** EMULTIHOP (72): Multihop attempted. */
    public static final int EMULTIHOP = 72;
    /** EDOTDOT (73): RFS specific error. */
    public static final int EDOTDOT = 73;
    /** EBADMSG (74): Bad message. */
    public static final int EBADMSG = 74;
    /** EOVERFLOW (75): Value too large for defined data type. */
    public static final int EOVERFLOW = 75;
    /** ENOTUNIQ (76): Name not unique on network. */
    public static final int ENOTUNIQ = 76;
    /** EBADFD (77): File descriptor in bad state. */
    public static final int EBADFD = 77;
    /** EREMCHG (78): Remote address changed. */
    public static final int EREMCHG = 78;
    /** ELIBACC (79): Can not access a needed shared library. */
    public static final int ELIBACC = 79;
    /** ELIBBAD (80): Accessing a corrupted shared library. */
    public static final int ELIBBAD = 80;
    /** ELIBSCN (81): .lib section in a.out corrupted. */
    public static final int ELIBSCN = 81;
    /** ELIBMAX (82): Attempting to link in too many shared libraries. */
    public static final int ELIBMAX = 82;
    /** ELIBEXEC (83): Cannot exec a shared library directly. */
    public static final int ELIBEXEC = 83;
    /** EILSEQ (84): Invalid or incomplete multibyte or wide character. */
    public static final int EILSEQ = 84;
    /** ERESTART (85): Interrupted system call should be restarted. */
    public static final int ERESTART = 85;
    /** ESTRPIPE (86): Streams pipe error. */
    public static final int ESTRPIPE = 86;
    /** EUSERS (87): Too many users. */
    public static final int EUSERS = 87;
    /** ENOTSOCK (88): Socket operation on non-socket. */
    public static final int ENOTSOCK = 88;
    /** EDESTADDRREQ (89): Destination address required. */
    public static final int EDESTADDRREQ = 89;
    /** EMSGSIZE (90): Message too long. */
    public static final int EMSGSIZE = 90;
    /** EPROTOTYPE (91): Protocol wrong type for socket. */
    public static final int EPROTOTYPE = 91;
    /** ENOPROTOOPT (92): Protocol not available. */
    public static final int ENOPROTOOPT = 92;
    /** EPROTONOSUPPORT (93): Protocol not supported. */
    public static final int EPROTONOSUPPORT = 93;
    /** ESOCKTNOSUPPORT (94): Socket type not supported. */
    public static final int ESOCKTNOSUPPORT = 94;
    /** EOPNOTSUPP (95): Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** EPFNOSUPPORT (96): Protocol family not supported. */
    public static final int EPFNOSUPPORT = 96;
    /** EAFNOSUPPORT (97): Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = 97;
    /** EADDRINUSE (98): Address already in use. */
    public static final int EADDRINUSE = 98;
    /** EADDRNOTAVAIL (99): Cannot assign requested address. */
    public static final int EADDRNOTAVAIL = 99;
    /** ENETDOWN (100): Network is down. */
    public static final int ENETDOWN = 100;
    /** ENETUNREACH (101): Network is unreachable. */
    public static final int ENETUNREACH = 101;
    /** ENETRESET (102): Network dropped connection on reset. */
    public static final int ENETRESET = 102;
    /** ECONNABORTED (103): Software caused connection abort. */
    public static final int ECONNABORTED = 103;
    /** ECONNRESET (104): Connection reset by peer. */
    public static final int ECONNRESET = 104;
    /** ENOBUFS (105): No buffer space available. */
    public static final int ENOBUFS = 105;
    /** EISCONN (106): Transport endpoint is already connected. */
    public static final int EISCONN = 106;
    /** ENOTCONN (107): Transport endpoint is not connected. */
    public static final int ENOTCONN = 107;
    /** ESHUTDOWN (108): Cannot send after transport endpoint shutdown. */
    public static final int ESHUTDOWN = 108;
    /** ETOOMANYREFS (109): Too many references: cannot splice. */
    public static final int ETOOMANYREFS = 109;
    /** ETIMEDOUT (110): Connection timed out. */
    public static final int ETIMEDOUT = 110;
    /** ECONNREFUSED (111): Connection refused. */
    public static final int ECONNREFUSED = 111;
    /** EHOSTDOWN (112): Host is down. */
    public static final int EHOSTDOWN = 112;
    /** EHOSTUNREACH (113): No route to host. */
    public static final int EHOSTUNREACH = 113;
    /** EALREADY (114): Operation already in progress. */
    public static final int EALREADY = 114;
    /** EINPROGRESS (115): Operation now in progress. */
    public static final int EINPROGRESS = 115;
    /** ESTALE (116): Stale file handle. */
    public static final int ESTALE = 116;
    /** EUCLEAN (117): Structure needs cleaning. */
    public static final int EUCLEAN = 117;
    /** ENOTNAM (118): Not a XENIX named type file. */
    public static final int ENOTNAM = 118;
    /** ENAVAIL (119): No XENIX semaphores available. */
    public static final int ENAVAIL = 119;
    /** EISNAM (120): Is a named type file. */
    public static final int EISNAM = 120;
    /** EREMOTEIO (121): Remote I/O error. */
    public static final int EREMOTEIO = 121;
    /** EDQUOT (122): Disk quota exceeded. */
    public static final int EDQUOT = 122;
    /** ENOMEDIUM (123): No medium found. */
    public static final int ENOMEDIUM = 123;
    /** EMEDIUMTYPE (124): Wrong medium type. */
    public static final int EMEDIUMTYPE = 124;
    /** ECANCELED (125): Operation canceled. */
    public static final int ECANCELED = 125;
    /** ENOKEY (126): Required key not available. */
    public static final int ENOKEY = 126;
    /** EKEYEXPIRED (127): Key has expired. */
    public static final int EKEYEXPIRED = 127;
    /** EKEYREVOKED (128): Key has been revoked. */
    public static final int EKEYREVOKED = 128;
    /** EKEYREJECTED (129): Key was rejected by service. */
    public static final int EKEYREJECTED = 129;
    /** EOWNERDEAD (130): Owner died. */
    public static final int EOWNERDEAD = 130;
    /** ENOTRECOVERABLE (131): State not recoverable. */
    public static final int ENOTRECOVERABLE = 131;
    /** ERFKILL (132): Operation not possible due to RF-kill. */
    public static final int ERFKILL = 132;
    /** EHWPOISON (133): Memory page has hardware error. */
    public static final int EHWPOISON = 133;
    /** Alias of {@link #EAGAIN}. */
    public static final int EWOULDBLOCK = EAGAIN;
    /** Alias of {@link #EOPNOTSUPP}. */
    public static final int ENOTSUP = EOPNOTSUPP;

    private static final String[] NAMES = new String[EHWPOISON + 1];

    static {
        NAMES[EPERM] = "EPERM";
        NAMES[ENOENT] = "ENOENT";
        NAMES[ESRCH] = "ESRCH";
        NAMES[EINTR] = "EINTR";
        NAMES[EIO] = "EIO";
        NAMES[ENXIO] = "ENXIO";
        NAMES[E2BIG] = "E2BIG";
        NAMES[ENOEXEC] = "ENOEXEC";
        NAMES[EBADF] = "EBADF";
        NAMES[ECHILD] = "ECHILD";
        NAMES[EAGAIN] = "EAGAIN";
        NAMES[ENOMEM] = "ENOMEM";
        NAMES[EACCES] = "EACCES";
        NAMES[EFAULT] = "EFAULT";
        NAMES[ENOTBLK] = "ENOTBLK";
        NAMES[EBUSY] = "EBUSY";
        NAMES[EEXIST] = "EEXIST";
        NAMES[EXDEV] = "EXDEV";
        NAMES[ENODEV] = "ENODEV";
        NAMES[ENOTDIR] = "ENOTDIR";
        NAMES[EISDIR] = "EISDIR";
        NAMES[EINVAL] = "EINVAL";
        NAMES[ENFILE] = "ENFILE";
        NAMES[EMFILE] = "EMFILE";
        NAMES[ENOTTY] = "ENOTTY";
        NAMES[ETXTBSY] = "ETXTBSY";
        NAMES[EFBIG] = "EFBIG";
        NAMES[ENOSPC] = "ENOSPC";
        NAMES[ESPIPE] = "ESPIPE";
        NAMES[EROFS] = "EROFS";
        NAMES[EMLINK] = "EMLINK";
        NAMES[EPIPE] = "EPIPE";
        NAMES[EDOM] = "EDOM";
        NAMES[ERANGE] = "ERANGE";
        NAMES[EDEADLK] = "EDEADLK";
        NAMES[ENAMETOOLONG] = "ENAMETOOLONG";
        NAMES[ENOLCK] = "ENOLCK";
        NAMES[ENOSYS] = "ENOSYS";
        NAMES[ENOTEMPTY] = "ENOTEMPTY";
        NAMES[ELOOP] = "ELOOP";
        NAMES[ENOMSG] = "ENOMSG";
        NAMES[EIDRM] = "EIDRM";
        NAMES[ECHRNG] = "ECHRNG";
        NAMES[EL2NSYNC] = "EL2NSYNC";
        NAMES[EL3HLT] = "EL3HLT";
        NAMES[EL3RST] = "EL3RST";
        NAMES[ELNRNG] = "ELNRNG";
        NAMES[EUNATCH] = "EUNATCH";
        NAMES[ENOCSI] = "ENOCSI";
        NAMES[EL2HLT] = "EL2HLT";
        NAMES[EBADE] = "EBADE";
        NAMES[EBADR] = "EBADR";
        NAMES[EXFULL] = "EXFULL";
        NAMES[ENOANO] = "ENOANO";
        NAMES[EBADRQC] = "EBADRQC";
        NAMES[EBADSLT] = "EBADSLT";
        NAMES[EBFONT] = "EBFONT";
        NAMES[ENOSTR] = "ENOSTR";
        NAMES[ENODATA] = "ENODATA";
        NAMES[ETIME] = "ETIME";
        NAMES[ENOSR] = "ENOSR";
        NAMES[ENONET] = "ENONET";
        NAMES[ENOPKG] = "ENOPKG";
        NAMES[EREMOTE] = "EREMOTE";
        NAMES[ENOLINK] = "ENOLINK";
        NAMES[EADV] = "EADV";
        NAMES[ESRMNT] = "ESRMNT";
        NAMES[ECOMM] = "ECOMM";
        NAMES[EPROTO] = "EPROTO";
        NAMES[EMULTIHOP] = "EMULTIHOP";
        NAMES[EDOTDOT] = "EDOTDOT";
        NAMES[EBADMSG] = "EBADMSG";
        NAMES[EOVERFLOW] = "EOVERFLOW";
        NAMES[ENOTUNIQ] = "ENOTUNIQ";
        NAMES[EBADFD] = "EBADFD";
        NAMES[EREMCHG] = "EREMCHG";
        NAMES[ELIBACC] = "ELIBACC";
        NAMES[ELIBBAD] = "ELIBBAD";
        NAMES[ELIBSCN] = "ELIBSCN";
        NAMES[ELIBMAX] = "ELIBMAX";
        NAMES[ELIBEXEC] = "ELIBEXEC";
        NAMES[EILSEQ] = "EILSEQ";
        NAMES[ERESTART] = "ERESTART";
        NAMES[ESTRPIPE] = "ESTRPIPE";
        NAMES[EUSERS] = "EUSERS";
        NAMES[ENOTSOCK] = "ENOTSOCK";
        NAMES[EDESTADDRREQ] = "EDESTADDRREQ";
        NAMES[EMSGSIZE] = "EMSGSIZE";
        NAMES[EPROTOTYPE] = "EPROTOTYPE";
        NAMES[ENOPROTOOPT] = "ENOPROTOOPT";
        NAMES[EPROTONOSUPPORT] = "EPROTONOSUPPORT";
        NAMES[ESOCKTNOSUPPORT] = "ESOCKTNOSUPPORT";
        NAMES[EOPNOTSUPP] = "EOPNOTSUPP";
        NAMES[EPFNOSUPPORT] = "EPFNOSUPPORT";
        NAMES[EAFNOSUPPORT] = "EAFNOSUPPORT";
        NAMES[EADDRINUSE] = "EADDRINUSE";
        NAMES[EADDRNOTAVAIL] = "EADDRNOTAVAIL";
        NAMES[ENETDOWN] = "ENETDOWN";
        NAMES[ENETUNREACH] = "ENETUNREACH";
        NAMES[ENETRESET] = "ENETRESET";
        NAMES[ECONNABORTED] = "ECONNABORTED";
        NAMES[ECONNRESET] = "ECONNRESET";
        NAMES[ENOBUFS] = "ENOBUFS";
        NAMES[EISCONN] = "EISCONN";
        NAMES[ENOTCONN] = "ENOTCONN";
        NAMES[ESHUTDOWN] = "ESHUTDOWN";
        NAMES[ETOOMANYREFS] = "ETOOMANYREFS";
        NAMES[ETIMEDOUT] = "ETIMEDOUT";
        NAMES[ECONNREFUSED] = "ECONNREFUSED";
        NAMES[EHOSTDOWN] = "EHOSTDOWN";
        NAMES[EHOSTUNREACH] = "EHOSTUNREACH";
        NAMES[EALREADY] = "EALREADY";
        NAMES[EINPROGRESS] = "EINPROGRESS";
        NAMES[ESTALE] = "ESTALE";
        NAMES[EUCLEAN] = "EUCLEAN";
        NAMES[ENOTNAM] = "ENOTNAM";
        NAMES[ENAVAIL] = "ENAVAIL";
        NAMES[EISNAM] = "EISNAM";
        NAMES[EREMOTEIO] = "EREMOTEIO";
        NAMES[EDQUOT] = "EDQUOT";
        NAMES[ENOMEDIUM] = "ENOMEDIUM";
        NAMES[EMEDIUMTYPE] = "EMEDIUMTYPE";
        NAMES[ECANCELED] = "ECANCELED";
        NAMES[ENOKEY] = "ENOKEY";
        NAMES[EKEYEXPIRED] = "EKEYEXPIRED";
        NAMES[EKEYREVOKED] = "EKEYREVOKED";
        NAMES[EKEYREJECTED] = "EKEYREJECTED";
        NAMES[EOWNERDEAD] = "EOWNERDEAD";
        NAMES[ENOTRECOVERABLE] = "ENOTRECOVERABLE";
        NAMES[ERFKILL] = "ERFKILL";
        NAMES[EHWPOISON] = "EHWPOISON";
    }

    private static final MethodHandle STRERROR = Libc.plainCall("strerror",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Errno() {
    }

    /**
     * The symbolic name of an errno value, e.g. {@code name(1)} is {@code "EPERM"}. Negative values
     * (io_uring's {@code -errno} results) are accepted. Allocation-free.
     *
     * @param errno the errno, positive or negated
     * @return the name, or {@code "E?"} when unknown
     */
    public static String name(int errno) {
        int e = errno < 0 ? -errno : errno;
        if (e < NAMES.length && NAMES[e] != null) {
            return NAMES[e];
        }
        return "E?";
    }

    /**
     * The C library's description of an errno value (strerror(3)), e.g. "Operation not permitted".
     * Cold path: copies a C string into a new {@code String}.
     *
     * @param errno the errno, positive or negated
     * @return the description
     */
    public static String strerror(int errno) {
        int e = errno < 0 ? -errno : errno;
        try {
            // glibc >= 2.32 returns a static string for known values and a thread-local buffer otherwise.
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(e);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}

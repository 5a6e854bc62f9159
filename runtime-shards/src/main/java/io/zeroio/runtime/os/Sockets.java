package io.zeroio.runtime.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.SocketAddress;

/**
 * Socket system calls: socket(2), bind(2), listen(2), connect(2), accept4(2), shutdown(2),
 * setsockopt(2)/getsockopt(2), getsockname(2)/getpeername(2). Constants are in {@link SocketConstants},
 * address codecs in {@link SockAddr}.
 *
 * <p>Pointer arguments are passed as raw addresses (a pointer and a {@code long} share the INTEGER class
 * of the SysV and AAPCS64 calling conventions), so memory given as {@link MemorySegment} must be native.
 * {@link #shutdown(CallState, int, int)} and {@link #setsockoptInt(CallState, int, int, int, int)} are
 * allocation-free for the hot path; the rest use {@link CallState#current()}.
 */
public final class Sockets {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong P = ValueLayout.JAVA_LONG;

    private static final MethodHandle SOCKET = Libc.errnoCall("socket", FunctionDescriptor.of(I, I, I, I));
    private static final MethodHandle BIND = Libc.errnoCall("bind", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle LISTEN = Libc.errnoCall("listen", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle CONNECT = Libc.errnoCall("connect", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle ACCEPT4 = Libc.errnoCall("accept4", FunctionDescriptor.of(I, I, P, P, I));
    private static final MethodHandle SHUTDOWN = Libc.errnoCall("shutdown", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle SETSOCKOPT = Libc.errnoCall("setsockopt", FunctionDescriptor.of(I, I, I, I, P, I));
    private static final MethodHandle GETSOCKOPT = Libc.errnoCall("getsockopt", FunctionDescriptor.of(I, I, I, I, P, P));
    private static final MethodHandle GETSOCKNAME = Libc.errnoCall("getsockname", FunctionDescriptor.of(I, I, P, P));
    private static final MethodHandle GETPEERNAME = Libc.errnoCall("getpeername", FunctionDescriptor.of(I, I, P, P));

    /** Scratch layout: [0, 8) socklen_t / int value, [8, 16) socklen_t, [16, 16 + 128) sockaddr_storage. */
    private static final long SCRATCH_ADDR = 16;

    private Sockets() {
    }

    /**
     * socket(2).
     *
     * @param domain   {@code AF_*}
     * @param type     {@code SOCK_*}, optionally {@code | SOCK_NONBLOCK | SOCK_CLOEXEC}
     * @param protocol 0 or {@code IPPROTO_*}
     * @return the new descriptor
     * @throws NativeIoException on failure
     */
    public static int socket(int domain, int type, int protocol) throws NativeIoException {
        CallState cs = CallState.current();
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(cs.capture, domain, type, protocol);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (fd < 0) {
            throw new NativeIoException("socket", cs.errno());
        }
        return fd;
    }

    /**
     * bind(2) to an encoded sockaddr.
     *
     * @param fd       the socket
     * @param sockaddr native memory holding the sockaddr
     * @param length   its length
     * @throws NativeIoException on failure (EADDRINUSE carries the SO_REUSEPORT hint)
     */
    public static void bind(int fd, MemorySegment sockaddr, int length) throws NativeIoException {
        CallState cs = CallState.current();
        int rc;
        try {
            rc = (int) BIND.invokeExact(cs.capture, fd, sockaddr.address(), length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            int e = cs.errno();
            throw new NativeIoException("bind", e, describe(sockaddr, length));
        }
    }

    /**
     * bind(2) to a Java socket address ({@link java.net.InetSocketAddress},
     * {@link java.net.UnixDomainSocketAddress}, {@link AbstractUnixAddress}).
     *
     * @param fd      the socket
     * @param address the local address
     * @throws NativeIoException on failure
     */
    public static void bind(int fd, SocketAddress address) throws NativeIoException {
        MemorySegment sa = CallState.current().scratch.asSlice(SCRATCH_ADDR, SockAddr.STORAGE_SIZE);
        bind(fd, sa, SockAddr.encode(address, sa));
    }

    /**
     * listen(2).
     *
     * @param fd      the bound socket
     * @param backlog the accept queue length (capped by net.core.somaxconn)
     * @throws NativeIoException on failure
     */
    public static void listen(int fd, int backlog) throws NativeIoException {
        CallState cs = CallState.current();
        int rc;
        try {
            rc = (int) LISTEN.invokeExact(cs.capture, fd, backlog);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("listen", cs.errno());
        }
    }

    /**
     * connect(2); on a non-blocking socket the connection may still be in progress.
     *
     * @param fd       the socket
     * @param sockaddr native memory holding the destination
     * @param length   its length
     * @return {@code true} when connected, {@code false} when in progress (EINPROGRESS: wait for
     *         POLLOUT, then read {@code SO_ERROR})
     * @throws NativeIoException on failure (ECONNREFUSED and others)
     */
    public static boolean connect(int fd, MemorySegment sockaddr, int length) throws NativeIoException {
        CallState cs = CallState.current();
        int rc;
        try {
            rc = (int) CONNECT.invokeExact(cs.capture, fd, sockaddr.address(), length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            int e = cs.errno();
            if (e == Errno.EINPROGRESS) {
                return false;
            }
            throw new NativeIoException("connect", e, describe(sockaddr, length));
        }
        return true;
    }

    /**
     * connect(2) to a Java socket address.
     *
     * @param fd      the socket
     * @param address the destination
     * @return {@code true} when connected, {@code false} when in progress
     * @throws NativeIoException on failure
     */
    public static boolean connect(int fd, SocketAddress address) throws NativeIoException {
        MemorySegment sa = CallState.current().scratch.asSlice(SCRATCH_ADDR, SockAddr.STORAGE_SIZE);
        return connect(fd, sa, SockAddr.encode(address, sa));
    }

    /**
     * accept4(2) without the peer address; for tests and the fallback path (shards accept through
     * io_uring).
     *
     * @param fd    the listening socket
     * @param flags {@code SOCK_NONBLOCK | SOCK_CLOEXEC} or 0
     * @return the accepted descriptor, or -1 when a non-blocking listener has none (EAGAIN)
     * @throws NativeIoException on failure
     */
    public static int accept4(int fd, int flags) throws NativeIoException {
        CallState cs = CallState.current();
        int rc;
        try {
            rc = (int) ACCEPT4.invokeExact(cs.capture, fd, 0L, 0L, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            int e = cs.errno();
            if (e == Errno.EAGAIN) {
                return -1;
            }
            throw new NativeIoException("accept4", e);
        }
        return rc;
    }

    /**
     * shutdown(2). Hot path: allocation-free.
     *
     * @param cs  the calling thread's call state
     * @param fd  the socket
     * @param how {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}
     * @throws NativeIoException on failure (ENOTCONN when the peer is already gone)
     */
    public static void shutdown(CallState cs, int fd, int how) throws NativeIoException {
        final int errno = shutdownErrno(cs, fd, how);
        if (errno != 0) {
            throw new NativeIoException("shutdown", errno);
        }
    }

    /**
     * shutdown(2) that reports failure as its errno instead of an exception: the close path of a
     * connection whose peer already left (ENOTCONN, every peer-initiated close) stays allocation-free.
     *
     * @return 0, or the errno of the failure
     */
    public static int shutdownErrno(CallState cs, int fd, int how) {
        int rc;
        try {
            rc = (int) SHUTDOWN.invokeExact(cs.capture, fd, how);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        return rc < 0 ? cs.errno() : 0;
    }

    /**
     * setsockopt(2) of an {@code int} option. Hot path: allocation-free; uses the scratch area of
     * {@code cs}.
     *
     * @param cs     the calling thread's call state
     * @param fd     the socket
     * @param level  {@code SOL_SOCKET}, {@code IPPROTO_TCP}, ...
     * @param option the option
     * @param value  the value
     * @throws NativeIoException on failure
     */
    public static void setsockoptInt(CallState cs, int fd, int level, int option, int value) throws NativeIoException {
        cs.scratch.set(ValueLayout.JAVA_INT, 0, value);
        int rc;
        try {
            rc = (int) SETSOCKOPT.invokeExact(cs.capture, fd, level, option, cs.scratch.address(), 4);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("setsockopt", cs.errno());
        }
    }

    /**
     * setsockopt(2) of an {@code int} option on the calling thread's state (cold path).
     *
     * @param fd     the socket
     * @param level  the level
     * @param option the option
     * @param value  the value
     * @throws NativeIoException on failure
     */
    public static void setsockoptInt(int fd, int level, int option, int value) throws NativeIoException {
        setsockoptInt(CallState.current(), fd, level, option, value);
    }

    /**
     * setsockopt(2) with a raw value buffer (struct options such as ip_mreqn or a BPF program).
     *
     * @param fd     the socket
     * @param level  the level
     * @param option the option
     * @param value  native memory holding the value; all of it is passed
     * @throws NativeIoException on failure
     */
    public static void setsockopt(int fd, int level, int option, MemorySegment value) throws NativeIoException {
        CallState cs = CallState.current();
        int rc;
        try {
            rc = (int) SETSOCKOPT.invokeExact(cs.capture, fd, level, option, value.address(), (int) value.byteSize());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("setsockopt", cs.errno());
        }
    }

    /**
     * getsockopt(2) of an {@code int} option.
     *
     * @param fd     the socket
     * @param level  the level
     * @param option the option
     * @return the value
     * @throws NativeIoException on failure
     */
    public static int getsockoptInt(int fd, int level, int option) throws NativeIoException {
        CallState cs = CallState.current();
        MemorySegment s = cs.scratch;
        s.set(ValueLayout.JAVA_INT, 0, 0);
        s.set(ValueLayout.JAVA_INT, 8, 4);
        getsockopt(cs, fd, level, option, s.address(), s.address() + 8);
        return s.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * getsockopt(2) into a raw buffer (TCP_INFO and other struct options).
     *
     * @param fd     the socket
     * @param level  the level
     * @param option the option
     * @param buffer native memory receiving the value; its size is the room offered
     * @return the length the kernel wrote
     * @throws NativeIoException on failure
     */
    public static int getsockopt(int fd, int level, int option, MemorySegment buffer) throws NativeIoException {
        CallState cs = CallState.current();
        cs.scratch.set(ValueLayout.JAVA_INT, 8, (int) Math.min(buffer.byteSize(), Integer.MAX_VALUE));
        getsockopt(cs, fd, level, option, buffer.address(), cs.scratch.address() + 8);
        return cs.scratch.get(ValueLayout.JAVA_INT, 8);
    }

    private static void getsockopt(CallState cs, int fd, int level, int option, long value, long lengthAddress)
            throws NativeIoException {
        int rc;
        try {
            rc = (int) GETSOCKOPT.invokeExact(cs.capture, fd, level, option, value, lengthAddress);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("getsockopt", cs.errno());
        }
    }

    /**
     * getsockname(2) into caller memory.
     *
     * @param fd       the socket
     * @param sockaddr native memory of at least {@link SockAddr#STORAGE_SIZE} bytes
     * @return the address length
     * @throws NativeIoException on failure
     */
    public static int getsockname(int fd, MemorySegment sockaddr) throws NativeIoException {
        return name(GETSOCKNAME, "getsockname", fd, sockaddr);
    }

    /**
     * getpeername(2) into caller memory.
     *
     * @param fd       the socket
     * @param sockaddr native memory of at least {@link SockAddr#STORAGE_SIZE} bytes
     * @return the address length
     * @throws NativeIoException on failure (ENOTCONN)
     */
    public static int getpeername(int fd, MemorySegment sockaddr) throws NativeIoException {
        return name(GETPEERNAME, "getpeername", fd, sockaddr);
    }

    /**
     * The socket's local address, decoded (cold path).
     *
     * @param fd the socket
     * @return the local address
     * @throws NativeIoException on failure
     */
    public static SocketAddress localAddress(int fd) throws NativeIoException {
        MemorySegment sa = CallState.current().scratch.asSlice(SCRATCH_ADDR, SockAddr.STORAGE_SIZE);
        return SockAddr.decode(sa, getsockname(fd, sa));
    }

    /**
     * The socket's peer address, decoded (cold path).
     *
     * @param fd the socket
     * @return the peer address
     * @throws NativeIoException on failure
     */
    public static SocketAddress remoteAddress(int fd) throws NativeIoException {
        MemorySegment sa = CallState.current().scratch.asSlice(SCRATCH_ADDR, SockAddr.STORAGE_SIZE);
        return SockAddr.decode(sa, getpeername(fd, sa));
    }

    private static int name(MethodHandle call, String what, int fd, MemorySegment sockaddr) throws NativeIoException {
        CallState cs = CallState.current();
        cs.scratch.set(ValueLayout.JAVA_INT, 8, (int) Math.min(sockaddr.byteSize(), Integer.MAX_VALUE));
        int rc;
        try {
            rc = (int) call.invokeExact(cs.capture, fd, sockaddr.address(), cs.scratch.address() + 8);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException(what, cs.errno());
        }
        return cs.scratch.get(ValueLayout.JAVA_INT, 8);
    }

    private static String describe(MemorySegment sockaddr, int length) {
        try {
            return SockAddr.decode(sockaddr, length).toString();
        } catch (RuntimeException e) {
            return null; // the errno matters more than a malformed address
        }
    }
}

package io.zeroio.runtime.os;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Codecs between Java socket addresses and C {@code sockaddr_in} / {@code sockaddr_in6} /
 * {@code sockaddr_un} (ip(7), ipv6(7), unix(7)) in caller-provided native memory.
 *
 * <p>Encoding writes into the caller's segment and returns the address length for bind/connect/sendmsg.
 * It allocates nothing for IPv4 and ASCII UNIX paths, nor through the primitive
 * {@link #encodeInet4}/{@link #encodeInet6} forms; encoding an {@link Inet6Address} from an
 * {@link InetSocketAddress} allocates the 16-byte array {@link InetAddress#getAddress()} returns (the JDK
 * offers no allocation-free accessor), so hot paths that send to IPv6 peers should encode once and keep
 * the bytes. Decoding allocates (it builds Java objects) and is meant for cold paths.
 */
public final class SockAddr {
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    // Access layouts: unaligned, so a sockaddr may sit at any offset of the caller's memory.
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort NET_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong NET_U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct sockaddr_in} (16 bytes); port and address in network byte order. */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin_family"),
            NET_SHORT.withName("sin_port"),
            NET_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");
    /** {@code struct sockaddr_in6} (28 bytes). */
    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin6_family"),
            NET_SHORT.withName("sin6_port"),
            NET_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("sin6_addr"),
            ValueLayout.JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");
    /** {@code struct sockaddr_un} (110 bytes). */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, ValueLayout.JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");

    /** {@code sizeof(struct sockaddr_storage)}: room for any address family. */
    public static final int STORAGE_SIZE = 128;
    /** {@code sizeof(struct sockaddr_in)}. */
    public static final int SOCKADDR_IN_SIZE = (int) SOCKADDR_IN.byteSize();
    /** {@code sizeof(struct sockaddr_in6)}. */
    public static final int SOCKADDR_IN6_SIZE = (int) SOCKADDR_IN6.byteSize();
    /** {@code sizeof(struct sockaddr_un)}. */
    public static final int SOCKADDR_UN_SIZE = (int) SOCKADDR_UN.byteSize();

    private static final long SIN_PORT = SOCKADDR_IN.byteOffset(groupElement("sin_port"));
    private static final long SIN_ADDR = SOCKADDR_IN.byteOffset(groupElement("sin_addr"));
    private static final long SIN_ZERO = SOCKADDR_IN.byteOffset(groupElement("sin_zero"));
    private static final long SIN6_PORT = SOCKADDR_IN6.byteOffset(groupElement("sin6_port"));
    private static final long SIN6_FLOWINFO = SOCKADDR_IN6.byteOffset(groupElement("sin6_flowinfo"));
    private static final long SIN6_ADDR = SOCKADDR_IN6.byteOffset(groupElement("sin6_addr"));
    private static final long SIN6_SCOPE_ID = SOCKADDR_IN6.byteOffset(groupElement("sin6_scope_id"));
    private static final long SUN_PATH = SOCKADDR_UN.byteOffset(groupElement("sun_path"));
    private static final int SUN_PATH_MAX = 108;

    private SockAddr() {
    }

    /**
     * Encodes an IPv4 or IPv6 socket address by the address's own family.
     *
     * @param address a resolved address
     * @param dst     native memory of at least {@link #SOCKADDR_IN6_SIZE} bytes
     * @return the sockaddr length
     */
    public static int encode(InetSocketAddress address, MemorySegment dst) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address v4) {
            return encodeInet4(inet4Bits(v4), address.getPort(), dst);
        }
        if (ip instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            return encodeInet6(bytesToLong(b, 0), bytesToLong(b, 8), v6.getScopeId(), address.getPort(), dst);
        }
        throw new IllegalArgumentException("unresolved address: " + address);
    }

    /**
     * Encodes for an AF_INET6 socket: an IPv4 address becomes the IPv4-mapped {@code ::ffff:a.b.c.d}
     * (ipv6(7)), so dual-stack sockets can reach IPv4 peers.
     *
     * @param address a resolved address
     * @param dst     native memory of at least {@link #SOCKADDR_IN6_SIZE} bytes
     * @return the sockaddr length ({@link #SOCKADDR_IN6_SIZE})
     */
    public static int encodeAsInet6(InetSocketAddress address, MemorySegment dst) {
        if (address.getAddress() instanceof Inet4Address v4) {
            long lo = 0x0000_FFFF_0000_0000L | (inet4Bits(v4) & 0xFFFF_FFFFL);
            return encodeInet6(0L, lo, 0, address.getPort(), dst);
        }
        return encode(address, dst);
    }

    /**
     * Writes a {@code sockaddr_in}. Allocation-free.
     *
     * @param addressBits the IPv4 address as an int, first octet in the high byte
     * @param port        the port (0..65535)
     * @param dst         native memory of at least 16 bytes
     * @return {@link #SOCKADDR_IN_SIZE}
     */
    public static int encodeInet4(int addressBits, int port, MemorySegment dst) {
        dst.set(U16, 0, (short) SocketConstants.AF_INET);
        dst.set(NET_U16, SIN_PORT, (short) port);
        dst.set(NET_U32, SIN_ADDR, addressBits);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, SIN_ZERO, 0L);
        return SOCKADDR_IN_SIZE;
    }

    /**
     * Writes a {@code sockaddr_in6} (flow info 0). Allocation-free.
     *
     * @param high    the first 8 bytes of the address, big-endian
     * @param low     the last 8 bytes of the address, big-endian
     * @param scopeId the scope (interface index) for link-local addresses, else 0
     * @param port    the port
     * @param dst     native memory of at least 28 bytes
     * @return {@link #SOCKADDR_IN6_SIZE}
     */
    public static int encodeInet6(long high, long low, int scopeId, int port, MemorySegment dst) {
        dst.set(U16, 0, (short) SocketConstants.AF_INET6);
        dst.set(NET_U16, SIN6_PORT, (short) port);
        dst.set(NET_U32, SIN6_FLOWINFO, 0);
        dst.set(NET_U64, SIN6_ADDR, high);
        dst.set(NET_U64, SIN6_ADDR + 8, low);
        dst.set(U32, SIN6_SCOPE_ID, scopeId);
        return SOCKADDR_IN6_SIZE;
    }

    /**
     * Writes a pathname {@code sockaddr_un}: UTF-8 path, NUL-terminated (unix(7)). Allocation-free for
     * ASCII paths.
     *
     * @param path the filesystem path (at most 107 bytes in UTF-8)
     * @param dst  native memory of at least {@link #SOCKADDR_UN_SIZE} bytes
     * @return {@code offsetof(sun_path) + strlen(path) + 1}
     */
    public static int encodeUnixPath(String path, MemorySegment dst) {
        int n = putName(path, dst, SUN_PATH, SUN_PATH_MAX - 1, false);
        dst.set(U16, 0, (short) SocketConstants.AF_UNIX);
        dst.set(ValueLayout.JAVA_BYTE, SUN_PATH + n, (byte) 0);
        return (int) SUN_PATH + n + 1;
    }

    /**
     * Writes an abstract-namespace {@code sockaddr_un}: a NUL then the name, not terminated (unix(7)).
     * Allocation-free; characters must be in ISO-8859-1.
     *
     * @param name the abstract name without the leading NUL (at most 107 bytes)
     * @param dst  native memory of at least {@link #SOCKADDR_UN_SIZE} bytes
     * @return {@code offsetof(sun_path) + 1 + name length}
     */
    public static int encodeUnixAbstract(String name, MemorySegment dst) {
        dst.set(U16, 0, (short) SocketConstants.AF_UNIX);
        dst.set(ValueLayout.JAVA_BYTE, SUN_PATH, (byte) 0);
        int n = putName(name, dst, SUN_PATH + 1, SUN_PATH_MAX - 1, true);
        return (int) SUN_PATH + 1 + n;
    }

    /**
     * Encodes any supported address: {@link InetSocketAddress}, {@link UnixDomainSocketAddress},
     * {@link AbstractUnixAddress}. Cold-path convenience.
     *
     * @param address the address
     * @param dst     native memory of at least {@link #SOCKADDR_UN_SIZE} bytes
     * @return the sockaddr length
     */
    public static int encode(SocketAddress address, MemorySegment dst) {
        if (address instanceof InetSocketAddress inet) {
            return encode(inet, dst);
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return encodeUnixPath(unix.getPath().toString(), dst);
        }
        if (address instanceof AbstractUnixAddress abs) {
            return encodeUnixAbstract(abs.name(), dst);
        }
        throw new IllegalArgumentException("unsupported address type: " + address);
    }

    /**
     * The address family of an encoded sockaddr.
     *
     * @param src the sockaddr
     * @return {@code sa_family}
     */
    public static int family(MemorySegment src) {
        return src.get(U16, 0) & 0xFFFF;
    }

    /**
     * Decodes a sockaddr written by the kernel (accept, getsockname, recvmsg's msg_name). Cold path:
     * allocates the result.
     *
     * @param src    the sockaddr
     * @param length the length the kernel reported
     * @return an {@link InetSocketAddress}, a {@link UnixDomainSocketAddress} (pathname or unnamed) or
     *         an {@link AbstractUnixAddress}
     */
    public static SocketAddress decode(MemorySegment src, int length) {
        int family = family(src);
        switch (family) {
            case SocketConstants.AF_INET:
            case SocketConstants.AF_INET6:
                return decodeInet(src);
            case SocketConstants.AF_UNIX: {
                int pathLen = length - (int) SUN_PATH;
                if (pathLen <= 0) {
                    return UnixDomainSocketAddress.of(""); // unnamed socket (unix(7))
                }
                if (src.get(ValueLayout.JAVA_BYTE, SUN_PATH) == 0) {
                    byte[] name = src.asSlice(SUN_PATH + 1, pathLen - 1).toArray(ValueLayout.JAVA_BYTE);
                    return new AbstractUnixAddress(new String(name, StandardCharsets.ISO_8859_1));
                }
                int end = 0;
                while (end < pathLen && src.get(ValueLayout.JAVA_BYTE, SUN_PATH + end) != 0) {
                    end++;
                }
                byte[] path = src.asSlice(SUN_PATH, end).toArray(ValueLayout.JAVA_BYTE);
                return UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8));
            }
            default:
                throw new IllegalArgumentException("unsupported address family " + family);
        }
    }

    /**
     * Decodes a {@code sockaddr_in} or {@code sockaddr_in6}. Cold path.
     *
     * @param src the sockaddr
     * @return the socket address
     */
    public static InetSocketAddress decodeInet(MemorySegment src) {
        int family = family(src);
        try {
            if (family == SocketConstants.AF_INET) {
                byte[] b = src.asSlice(SIN_ADDR, 4).toArray(ValueLayout.JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(b), src.get(NET_U16, SIN_PORT) & 0xFFFF);
            }
            if (family == SocketConstants.AF_INET6) {
                byte[] b = src.asSlice(SIN6_ADDR, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = src.get(U32, SIN6_SCOPE_ID);
                InetAddress ip = scope != 0 ? Inet6Address.getByAddress(null, b, scope) : InetAddress.getByAddress(b);
                return new InetSocketAddress(ip, src.get(NET_U16, SIN6_PORT) & 0xFFFF);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("malformed address", e); // unreachable: lengths are fixed
        }
        throw new IllegalArgumentException("not an IP address family: " + family);
    }

    /**
     * The IPv4 address as an int, first octet highest. OpenJDK's {@link Inet4Address#hashCode()} is
     * exactly this value and is the only allocation-free accessor ({@code getAddress()} clones);
     * {@code SockAddrTest} pins the assumption.
     *
     * @param address an IPv4 address
     * @return the address bits
     */
    public static int inet4Bits(Inet4Address address) {
        return address.hashCode();
    }

    private static long bytesToLong(byte[] b, int from) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[from + i] & 0xFFL);
        }
        return v;
    }

    private static int putName(String s, MemorySegment dst, long at, int max, boolean latin1) {
        int len = s.length();
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= (latin1 ? 0x100 : 0x80)) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            if (len > max) {
                throw new IllegalArgumentException("UNIX socket name longer than " + max + " bytes: " + s);
            }
            for (int i = 0; i < len; i++) {
                dst.set(ValueLayout.JAVA_BYTE, at + i, (byte) s.charAt(i));
            }
            return len;
        }
        if (latin1) {
            throw new IllegalArgumentException("abstract UNIX name must be ISO-8859-1: " + s);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > max) {
            throw new IllegalArgumentException("UNIX socket path longer than " + max + " bytes: " + s);
        }
        MemorySegment.copy(b, 0, dst, ValueLayout.JAVA_BYTE, at, b.length);
        return b.length;
    }
}

package io.zeroio.runtime.shard;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/** Decodes a native {@code sockaddr} (in, in6, un) into a Java address; error and cold paths only. */
final class SockaddrDecoder {
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private SockaddrDecoder() {
    }

    static SocketAddress decode(long address, int length) {
        final MemorySegment s = MemorySegment.ofAddress(address).reinterpret(Math.max(length, 2));
        final int family = Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, 0));
        try {
            switch (family) {
                case AF_INET -> {
                    final int port = Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
                    final byte[] ip = new byte[4];
                    MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 4, ip, 0, 4);
                    return new InetSocketAddress(InetAddress.getByAddress(ip), port);
                }
                case AF_INET6 -> {
                    final int port = Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
                    final byte[] ip = new byte[16];
                    MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 8, ip, 0, 16);
                    return new InetSocketAddress(InetAddress.getByAddress(ip), port);
                }
                case AF_UNIX -> {
                    final StringBuilder path = new StringBuilder();
                    for (int i = 2; i < length; i++) {
                        final byte b = s.get(ValueLayout.JAVA_BYTE, i);
                        if (b == 0) {
                            break;
                        }
                        path.append((char) b);
                    }
                    return UnixDomainSocketAddress.of(path.toString());
                }
                default -> throw new IllegalArgumentException("unsupported address family " + family);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

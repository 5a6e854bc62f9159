package io.zeroio.runtime.os;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SockAddrTest {

    @Test
    void inet4HashCodeIsTheAddressBits() throws Exception {
        // SockAddr relies on this OpenJDK property for allocation-free IPv4 encoding.
        for (String s : new String[] {"127.0.0.1", "10.1.2.3", "255.254.253.252", "0.0.0.0", "192.168.100.200"}) {
            Inet4Address a = (Inet4Address) InetAddress.getByName(s);
            assertEquals(ByteBuffer.wrap(a.getAddress()).getInt(), SockAddr.inet4Bits(a), s);
        }
    }

    @Test
    void inet4RoundTripInNetworkByteOrder() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE);
            InetSocketAddress in = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 0x1234);
            assertEquals(16, SockAddr.encode(in, sa));
            assertEquals(SocketConstants.AF_INET, SockAddr.family(sa));
            assertArrayEquals(new byte[] {0x12, 0x34, 10, 1, 2, 3}, sa.asSlice(2, 6).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(in, SockAddr.decode(sa, 16));
        }
    }

    @Test
    void inet6RoundTripWithScopeAndMappedIpv4() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE);
            InetSocketAddress in = new InetSocketAddress(InetAddress.getByName("2001:db8::1:2"), 443);
            assertEquals(28, SockAddr.encode(in, sa));
            assertEquals(SocketConstants.AF_INET6, SockAddr.family(sa));
            assertEquals(in, SockAddr.decode(sa, 28));

            Inet6Address linkLocal = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);
            SockAddr.encode(new InetSocketAddress(linkLocal, 80), sa);
            InetSocketAddress back = SockAddr.decodeInet(sa);
            assertEquals(3, ((Inet6Address) back.getAddress()).getScopeId());

            assertEquals(28, SockAddr.encodeAsInet6(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9), sa));
            byte[] mapped = sa.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1}, mapped);
        }
    }

    @Test
    void unixPathAbstractAndUnnamed() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE);
            int len = SockAddr.encode(UnixDomainSocketAddress.of("/tmp/zero.sock"), sa);
            assertEquals(2 + 14 + 1, len);
            assertEquals(UnixDomainSocketAddress.of("/tmp/zero.sock"), SockAddr.decode(sa, len));
            len = SockAddr.encode(UnixDomainSocketAddress.of("/tmp/zéro.sock"), sa); // non-ASCII: UTF-8
            assertEquals(UnixDomainSocketAddress.of("/tmp/zéro.sock"), SockAddr.decode(sa, len));
            len = SockAddr.encode(new AbstractUnixAddress("shard-7"), sa);
            assertEquals(2 + 1 + 7, len);
            assertEquals(0, sa.get(ValueLayout.JAVA_BYTE, 2));
            assertEquals(new AbstractUnixAddress("shard-7"), SockAddr.decode(sa, len));
            assertEquals(UnixDomainSocketAddress.of(""), SockAddr.decode(sa, 2));
            assertThrows(IllegalArgumentException.class,
                    () -> SockAddr.encodeUnixPath("x".repeat(108), sa));
            assertThrows(IllegalArgumentException.class,
                    () -> SockAddr.encode(InetSocketAddress.createUnresolved("example.invalid", 1), sa));
        }
    }
}

package io.zeroio.runtime.os;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/** Multicast group membership (ip(7) IP_ADD_MEMBERSHIP, ipv6(7) IPV6_JOIN_GROUP). Cold path. */
public final class Multicast {
    private static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct ip_mreqn} (12 bytes): group, local address, interface index. */
    public static final StructLayout IP_MREQN = MemoryLayout.structLayout(
            NET_INT.withName("imr_multiaddr"),
            NET_INT.withName("imr_address"),
            ValueLayout.JAVA_INT.withName("imr_ifindex")).withName("ip_mreqn");
    /** {@code struct ip_mreq} (8 bytes): group, local interface address. */
    public static final StructLayout IP_MREQ = MemoryLayout.structLayout(
            NET_INT.withName("imr_multiaddr"),
            NET_INT.withName("imr_interface")).withName("ip_mreq");
    /** {@code struct ipv6_mreq} (20 bytes): group, interface index. */
    public static final StructLayout IPV6_MREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("ipv6mr_multiaddr"),
            ValueLayout.JAVA_INT.withName("ipv6mr_interface")).withName("ipv6_mreq");

    private static final long MREQN_IFINDEX = IP_MREQN.byteOffset(groupElement("imr_ifindex"));
    private static final long MREQN_ADDRESS = IP_MREQN.byteOffset(groupElement("imr_address"));
    private static final long MREQ6_INTERFACE = IPV6_MREQ.byteOffset(groupElement("ipv6mr_interface"));

    private Multicast() {
    }

    /**
     * Joins a multicast group on a UDP socket.
     *
     * @param fd             the socket (its family must match the group's)
     * @param group          the group address
     * @param interfaceIndex the interface index, 0 to let the kernel choose
     * @throws NativeIoException on failure
     */
    public static void join(int fd, InetAddress group, int interfaceIndex) throws NativeIoException {
        membership(fd, group, interfaceIndex, true);
    }

    /**
     * Leaves a multicast group.
     *
     * @param fd             the socket
     * @param group          the group address
     * @param interfaceIndex the interface index used to join
     * @throws NativeIoException on failure
     */
    public static void leave(int fd, InetAddress group, int interfaceIndex) throws NativeIoException {
        membership(fd, group, interfaceIndex, false);
    }

    private static void membership(int fd, InetAddress group, int ifindex, boolean join) throws NativeIoException {
        MemorySegment s = CallState.current().scratch;
        if (group instanceof Inet4Address v4) {
            s.set(NET_INT, 0, SockAddr.inet4Bits(v4));
            s.set(NET_INT, MREQN_ADDRESS, 0); // INADDR_ANY
            s.set(ValueLayout.JAVA_INT, MREQN_IFINDEX, ifindex);
            Sockets.setsockopt(fd, SocketConstants.IPPROTO_IP,
                    join ? SocketConstants.IP_ADD_MEMBERSHIP : SocketConstants.IP_DROP_MEMBERSHIP,
                    s.asSlice(0, IP_MREQN.byteSize()));
        } else if (group instanceof Inet6Address v6) {
            MemorySegment.copy(v6.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 0, 16);
            s.set(ValueLayout.JAVA_INT, MREQ6_INTERFACE, ifindex);
            Sockets.setsockopt(fd, SocketConstants.IPPROTO_IPV6,
                    join ? SocketConstants.IPV6_JOIN_GROUP : SocketConstants.IPV6_LEAVE_GROUP,
                    s.asSlice(0, IPV6_MREQ.byteSize()));
        } else {
            throw new IllegalArgumentException("not an IP address: " + group);
        }
    }
}

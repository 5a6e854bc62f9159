package io.zeroio.runtime.os;

/**
 * Socket constants of the Linux ABI (sys/socket.h, netinet/in.h, netinet/tcp.h, netinet/udp.h,
 * poll.h), named exactly as in C; the same values on x86-64 and aarch64. Each is checked against the
 * headers by {@code AbiOffsetsTest}.
 */
public final class SocketConstants {
    private SocketConstants() {
    }

    // --- address families (bits/socket.h) ---
    /** Unspecified family. */
    public static final int AF_UNSPEC = 0;
    /** Local (UNIX domain) sockets, unix(7). */
    public static final int AF_UNIX = 1;
    /** IPv4, ip(7). */
    public static final int AF_INET = 2;
    /** IPv6, ipv6(7). */
    public static final int AF_INET6 = 10;
    /** Netlink, netlink(7). */
    public static final int AF_NETLINK = 16;
    /** Packet sockets, packet(7). */
    public static final int AF_PACKET = 17;
    /** AF_XDP sockets. */
    public static final int AF_XDP = 44;

    // --- socket types and type flags (bits/socket_type.h) ---
    /** Byte stream. */
    public static final int SOCK_STREAM = 1;
    /** Datagrams. */
    public static final int SOCK_DGRAM = 2;
    /** Raw protocol access. */
    public static final int SOCK_RAW = 3;
    /** Sequenced, reliable, message-preserving. */
    public static final int SOCK_SEQPACKET = 5;
    /** Type flag: O_NONBLOCK on the new descriptor (socket(2), accept4(2)). */
    public static final int SOCK_NONBLOCK = 0x800;
    /** Type flag: O_CLOEXEC on the new descriptor. */
    public static final int SOCK_CLOEXEC = 0x80000;

    // --- levels ---
    /** Socket-level options, socket(7). */
    public static final int SOL_SOCKET = 1;
    /** IPv4. */
    public static final int IPPROTO_IP = 0;
    /** TCP, also the level of TCP options (SOL_TCP). */
    public static final int IPPROTO_TCP = 6;
    /** UDP, also the level of UDP options (SOL_UDP). */
    public static final int IPPROTO_UDP = 17;
    /** IPv6. */
    public static final int IPPROTO_IPV6 = 41;
    /** Level of TCP options. */
    public static final int SOL_TCP = 6;
    /** Level of UDP options. */
    public static final int SOL_UDP = 17;

    // --- SOL_SOCKET options (asm-generic/socket.h) ---
    /** Allow reuse of local addresses in TIME_WAIT. */
    public static final int SO_REUSEADDR = 2;
    /** Socket type (read-only). */
    public static final int SO_TYPE = 3;
    /** Pending socket error, cleared on read (e.g. after a non-blocking connect). */
    public static final int SO_ERROR = 4;
    /** Keepalive probes. */
    public static final int SO_KEEPALIVE = 9;
    /** Send buffer size. */
    public static final int SO_SNDBUF = 7;
    /** Receive buffer size. */
    public static final int SO_RCVBUF = 8;
    /** Linger on close. */
    public static final int SO_LINGER = 13;
    /** Several sockets may bind the same address; the kernel load-balances between them. */
    public static final int SO_REUSEPORT = 15;
    /** Minimum bytes before a receive completes. */
    public static final int SO_RCVLOWAT = 18;
    /** Send buffer size beyond wmem_max (CAP_NET_ADMIN). */
    public static final int SO_SNDBUFFORCE = 32;
    /** Receive buffer size beyond rmem_max (CAP_NET_ADMIN). */
    public static final int SO_RCVBUFFORCE = 33;
    /** Busy-poll microseconds. */
    public static final int SO_BUSY_POLL = 46;
    /** CPU that processed the socket's last received packet (read), or a reuseport hint (write). */
    public static final int SO_INCOMING_CPU = 49;
    /** Attach a classic BPF program choosing the reuseport group member. */
    public static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    /** Enable MSG_ZEROCOPY sends. */
    public static final int SO_ZEROCOPY = 60;
    /** Detach the reuseport BPF program. */
    public static final int SO_DETACH_REUSEPORT_BPF = 68;

    // --- IPPROTO_TCP options (netinet/tcp.h) ---
    /** Disable Nagle's algorithm. */
    public static final int TCP_NODELAY = 1;
    /** Cork partial frames. */
    public static final int TCP_CORK = 3;
    /** Idle seconds before keepalive probes. */
    public static final int TCP_KEEPIDLE = 4;
    /** Seconds between keepalive probes. */
    public static final int TCP_KEEPINTVL = 5;
    /** Keepalive probes before dropping. */
    public static final int TCP_KEEPCNT = 6;
    /** struct tcp_info (read). */
    public static final int TCP_INFO = 11;
    /** Quick ACK mode. */
    public static final int TCP_QUICKACK = 12;
    /** Milliseconds unacknowledged data may stay before the connection is dropped. */
    public static final int TCP_USER_TIMEOUT = 18;
    /** TCP Fast Open queue length (listener). */
    public static final int TCP_FASTOPEN = 23;
    /** Not-sent low watermark. */
    public static final int TCP_NOTSENT_LOWAT = 25;

    // --- IPPROTO_IP options (linux/in.h) ---
    /** Outgoing multicast interface. */
    public static final int IP_MULTICAST_IF = 32;
    /** Multicast TTL. */
    public static final int IP_MULTICAST_TTL = 33;
    /** Loop multicast back to local sockets. */
    public static final int IP_MULTICAST_LOOP = 34;
    /** Join a group (struct ip_mreqn or ip_mreq). */
    public static final int IP_ADD_MEMBERSHIP = 35;
    /** Leave a group. */
    public static final int IP_DROP_MEMBERSHIP = 36;

    // --- IPPROTO_IPV6 options (linux/in6.h) ---
    /** Outgoing multicast interface index. */
    public static final int IPV6_MULTICAST_IF = 17;
    /** Multicast hop limit. */
    public static final int IPV6_MULTICAST_HOPS = 18;
    /** Loop multicast back to local sockets. */
    public static final int IPV6_MULTICAST_LOOP = 19;
    /** Join a group (struct ipv6_mreq); the same value as IPV6_ADD_MEMBERSHIP. */
    public static final int IPV6_JOIN_GROUP = 20;
    /** Leave a group; the same value as IPV6_DROP_MEMBERSHIP. */
    public static final int IPV6_LEAVE_GROUP = 21;
    /** Restrict an AF_INET6 socket to IPv6. */
    public static final int IPV6_V6ONLY = 26;

    // --- IPPROTO_UDP options (netinet/udp.h) ---
    /** Generic segmentation offload size for sends (UDP GSO). */
    public static final int UDP_SEGMENT = 103;
    /** Generic receive offload (coalesced datagrams, size in a cmsg). */
    public static final int UDP_GRO = 104;

    // --- shutdown(2) ---
    /** Stop receiving. */
    public static final int SHUT_RD = 0;
    /** Stop sending (sends FIN). */
    public static final int SHUT_WR = 1;
    /** Both directions. */
    public static final int SHUT_RDWR = 2;

    // --- send/recv flags (bits/socket.h) ---
    /** Out-of-band data. */
    public static final int MSG_OOB = 0x1;
    /** Peek without consuming. */
    public static final int MSG_PEEK = 0x2;
    /** Control data truncated (recvmsg flags). */
    public static final int MSG_CTRUNC = 0x8;
    /** Datagram truncated (recvmsg flags) / return real length. */
    public static final int MSG_TRUNC = 0x20;
    /** Non-blocking for this call. */
    public static final int MSG_DONTWAIT = 0x40;
    /** Wait for the full request. */
    public static final int MSG_WAITALL = 0x100;
    /** Do not raise SIGPIPE on a broken stream. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** More data follows (cork this send). */
    public static final int MSG_MORE = 0x8000;
    /** Zero-copy send (needs SO_ZEROCOPY). */
    public static final int MSG_ZEROCOPY = 0x4000000;

    // --- poll(2) events ---
    /** Readable. */
    public static final int POLLIN = 0x1;
    /** Urgent data. */
    public static final int POLLPRI = 0x2;
    /** Writable. */
    public static final int POLLOUT = 0x4;
    /** Error. */
    public static final int POLLERR = 0x8;
    /** Hang-up. */
    public static final int POLLHUP = 0x10;
    /** Peer closed its writing half. */
    public static final int POLLRDHUP = 0x2000;
}

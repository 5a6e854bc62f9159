package io.zeroio.runtime.os;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP with struct ip_mreqn; the group's traffic loops back locally. */
class MulticastTest {

    @Test
    void joinReceiveAndLeaveAnIpv4Group() throws Exception {
        InetAddress group = InetAddress.getByName("239.255.77.42");
        int fd = Sockets.socket(SocketConstants.AF_INET,
                SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC | SocketConstants.SOCK_NONBLOCK, 0);
        try (Arena arena = Arena.ofConfined(); DatagramSocket sender = new DatagramSocket()) {
            Sockets.bind(fd, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            int port = ((InetSocketAddress) Sockets.localAddress(fd)).getPort();
            Multicast.join(fd, group, 0);
            assertEquals(1, Sockets.getsockoptInt(fd, SocketConstants.IPPROTO_IP, SocketConstants.IP_MULTICAST_LOOP));

            byte[] msg = "to the group".getBytes(StandardCharsets.US_ASCII);
            sender.send(new DatagramPacket(msg, msg.length, group, port));
            MemorySegment buf = arena.allocate(64);
            long n = -1;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (n < 0 && System.nanoTime() < deadline) {
                n = FileDescriptors.read(fd, buf); // -1: nothing yet (EAGAIN)
                if (n < 0) {
                    Thread.sleep(5);
                }
            }
            assertEquals(msg.length, n, "the looped-back group datagram arrived");
            assertEquals("to the group", new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));

            Multicast.leave(fd, group, 0);
            NativeIoException e = assertThrows(NativeIoException.class, () -> Multicast.leave(fd, group, 0));
            assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }
}

package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.MsgHdr;
import io.zeroio.runtime.os.SockAddr;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.os.Sockets;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UDP: multishot RECVMSG with the recvmsg_out header, and SENDMSG to an unconnected address (kernel-probes t07). */
class UdpTest {
    private static final int BUFFERS = 8;
    private static final int BUF_SIZE = 2048;

    @Test
    void multishotRecvmsgParsesHeaderSourceAddressAndPayload() throws Exception {
        int fd = Net.udpSocket();
        try (Arena arena = Arena.ofConfined();
             IoUring ring = IoUring.open(16, 0, 0);
             DatagramSocket sender = new DatagramSocket(new InetSocketAddress(Net.LOOPBACK, 0))) {
            MemorySegment bufs = arena.allocate((long) BUFFERS * BUF_SIZE, 4096);
            BufRing br = ring.registerBufRing(3, BUFFERS);
            for (int bid = 0; bid < BUFFERS; bid++) {
                br.add(bufs.address() + (long) bid * BUF_SIZE, BUF_SIZE, bid, bid);
            }
            br.advance(BUFFERS);
            // The template reserves room for a sockaddr_in and no control data in every buffer.
            int nameRoom = SockAddr.SOCKADDR_IN_SIZE;
            MemorySegment template = arena.allocate(MsgHdr.MSGHDR);
            MsgHdr.set(template, 0, nameRoom, 0, 0, 0, 0);
            long sqe = ring.getSqe();
            ring.prepRecvmsgMultishot(sqe, fd, template.address(), br.bgid(), 0);
            ring.setUserData(sqe, 7);
            ring.submit();

            InetSocketAddress to = new InetSocketAddress(Net.LOOPBACK, Net.port(fd));
            int datagrams = 6;
            for (int i = 0; i < datagrams; i++) {
                byte[] payload = new byte[100 + i];
                Arrays.fill(payload, (byte) ('a' + i));
                sender.send(new DatagramPacket(payload, payload.length, to));
                Completions.Cqe c = Completions.await(ring);
                assertEquals(7, c.userData());
                assertTrue(c.res() > 0, "recvmsg: " + Errno.name(c.res()));
                assertTrue(c.hasBuffer() && c.more());
                long base = (long) c.bufferId() * BUF_SIZE;
                assertTrue(RecvmsgOut.valid(c.res(), nameRoom, 0));
                assertEquals(SockAddr.SOCKADDR_IN_SIZE, RecvmsgOut.namelen(bufs, base));
                assertEquals(payload.length, RecvmsgOut.payloadlen(bufs, base));
                assertEquals(0, RecvmsgOut.flags(bufs, base) & SocketConstants.MSG_TRUNC);
                MemorySegment name = bufs.asSlice(base + RecvmsgOut.nameOffset(), nameRoom);
                assertEquals(sender.getLocalSocketAddress(), SockAddr.decode(name, RecvmsgOut.namelen(bufs, base)));
                int n = RecvmsgOut.payloadLength(c.res(), nameRoom, 0);
                assertEquals(payload.length, n);
                byte[] got = bufs.asSlice(base + RecvmsgOut.payloadOffset(nameRoom, 0), n).toArray(ValueLayout.JAVA_BYTE);
                assertArrayEquals(payload, got);
                br.recycle(bufs.address() + base, BUF_SIZE, c.bufferId());
            }

            sqe = ring.getSqe();
            ring.prepAsyncCancel(sqe, 7, 0);
            ring.setUserData(sqe, 8);
            ring.submit();
            for (Completions.Cqe c : Completions.await(ring, 2)) {
                if (c.userData() == 7) {
                    assertEquals(-Errno.ECANCELED, c.res());
                    assertFalse(c.more());
                } else {
                    assertEquals(0, c.res());
                }
            }
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }

    @Test
    void sendmsgToAnUnconnectedAddress() throws Exception {
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined();
             IoUring ring = IoUring.open(8, 0, 0);
             DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(Net.LOOPBACK, 0))) {
            receiver.setSoTimeout(5_000);
            byte[] payload = "datagram via IORING_OP_SENDMSG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            MemorySegment data = arena.allocate(payload.length);
            MemorySegment.copy(payload, 0, data, ValueLayout.JAVA_BYTE, 0, payload.length);
            MemorySegment dst = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            int dstLen = SockAddr.encode((InetSocketAddress) receiver.getLocalSocketAddress(), dst);
            MemorySegment iov = arena.allocate(MsgHdr.IOVEC);
            MsgHdr.setIovec(iov, 0, data.address(), payload.length);
            MemorySegment msg = arena.allocate(MsgHdr.MSGHDR);
            MsgHdr.set(msg, dst.address(), dstLen, iov.address(), 1, 0, 0);

            long sqe = ring.getSqe();
            ring.prepSendmsg(sqe, fd, msg.address(), 0);
            ring.setUserData(sqe, 11);
            Completions.Cqe c = Completions.submitAndAwait(ring);
            assertEquals(11, c.userData());
            assertEquals(payload.length, c.res(), "sendmsg: " + Errno.name(c.res()));

            DatagramPacket p = new DatagramPacket(new byte[256], 256);
            receiver.receive(p);
            assertArrayEquals(payload, Arrays.copyOf(p.getData(), p.getLength()));
            assertEquals(((InetSocketAddress) Sockets.localAddress(fd)).getPort(), p.getPort());
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }
}

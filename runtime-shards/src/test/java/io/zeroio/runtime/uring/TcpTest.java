package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.SockAddr;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.os.Sockets;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.zeroio.runtime.uring.ffi.IoUringConstants.IORING_CQE_F_NOTIF;
import static io.zeroio.runtime.uring.ffi.IoUringConstants.IORING_SEND_ZC_REPORT_USAGE;
import static io.zeroio.runtime.uring.ffi.IoUringConstants.IOSQE_FIXED_FILE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP through the ring against plain java.net peers: connect, send from native memory, recv, registered files. */
class TcpTest {
    private static final int PAYLOAD = 48 * 1024;

    @Test
    void connectViaRingThenSendFromNativeMemoryAndReceiveReply() throws Exception {
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        try (ServerSocket server = new ServerSocket(0, 50, Net.LOOPBACK);
             Arena arena = Arena.ofConfined();
             IoUring ring = IoUring.open(16, 0, 0)) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            int len = SockAddr.encode(new InetSocketAddress(Net.LOOPBACK, server.getLocalPort()), sa);
            long sqe = ring.getSqe();
            ring.prepConnect(sqe, fd, sa.address(), len);
            ring.setUserData(sqe, 1);
            Completions.Cqe connected = Completions.submitAndAwait(ring);
            assertEquals(1, connected.userData());
            assertEquals(0, connected.res(), "connect: " + Errno.name(connected.res()));

            try (Socket peer = server.accept()) {
                assertEquals(server.getLocalPort(), ((InetSocketAddress) Sockets.remoteAddress(fd)).getPort());
                MemorySegment out = arena.allocate(PAYLOAD, 64);
                byte[] expected = new byte[PAYLOAD];
                for (int i = 0; i < PAYLOAD; i++) {
                    expected[i] = (byte) (i * 31 + 7);
                    out.set(ValueLayout.JAVA_BYTE, i, expected[i]);
                }
                int sent = 0;
                while (sent < PAYLOAD) { // a stream send may be partial; continue from where it stopped
                    sqe = ring.getSqe();
                    ring.prepSend(sqe, fd, out.address() + sent, PAYLOAD - sent, SocketConstants.MSG_NOSIGNAL);
                    ring.setUserData(sqe, 2);
                    Completions.Cqe c = Completions.submitAndAwait(ring);
                    assertEquals(2, c.userData());
                    if (c.res() <= 0) {
                        throw new AssertionError("send: " + Errno.name(c.res()));
                    }
                    sent += c.res();
                }
                InputStream in = peer.getInputStream();
                assertArrayEquals(expected, in.readNBytes(PAYLOAD));

                peer.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                MemorySegment reply = arena.allocate(64, 8);
                sqe = ring.getSqe();
                ring.prepRecv(sqe, fd, reply.address(), 64, 0);
                ring.setUserData(sqe, 3);
                Completions.Cqe r = Completions.submitAndAwait(ring);
                assertEquals(4, r.res());
                assertEquals("pong", MultishotAcceptRecvTest.ascii(reply, 0, 4));

                sqe = ring.getSqe();
                ring.prepShutdown(sqe, fd, SocketConstants.SHUT_WR);
                ring.setUserData(sqe, 4);
                assertEquals(0, Completions.submitAndAwait(ring).res());
                assertEquals(-1, in.read(), "peer sees end of stream after SHUT_WR");
            }
            sqe = ring.getSqe();
            ring.prepClose(sqe, fd);
            ring.setUserData(sqe, 5);
            assertEquals(0, Completions.submitAndAwait(ring).res());
            fd = -1;
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }

    @Test
    void sendThroughARegisteredFileSlot() throws Exception {
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        try (ServerSocket server = new ServerSocket(0, 50, Net.LOOPBACK);
             Arena arena = Arena.ofConfined();
             IoUring ring = IoUring.open(8, 0, 0)) {
            Sockets.connect(fd, new InetSocketAddress(Net.LOOPBACK, server.getLocalPort()));
            try (Socket peer = server.accept()) {
                ring.registerFilesSparse(8);
                assertEquals(1, ring.updateFiles(3, new int[] {fd}));
                MemorySegment msg = arena.allocateFrom("fixed", StandardCharsets.US_ASCII);
                long sqe = ring.getSqe();
                ring.prepSend(sqe, 3, msg.address(), 5, 0); // fd field = slot index with IOSQE_FIXED_FILE
                ring.setFlags(sqe, (byte) IOSQE_FIXED_FILE);
                ring.setUserData(sqe, 9);
                assertEquals(5, Completions.submitAndAwait(ring).res());
                assertEquals("fixed", new String(peer.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                ring.unregisterFiles();

                MemorySegment[] buffers = {arena.allocate(8192, 4096), arena.allocate(4096, 4096)};
                ring.registerBuffers(buffers);
                ring.unregisterBuffers();
            }
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }

    @Test
    void connectViaRingToAClosedPortCompletesWithEconnrefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, Net.LOOPBACK)) {
            port = s.getLocalPort();
        }
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined(); IoUring ring = IoUring.open(8, 0, 0)) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            int len = SockAddr.encode(new InetSocketAddress(Net.LOOPBACK, port), sa);
            long sqe = ring.getSqe();
            ring.prepConnect(sqe, fd, sa.address(), len);
            ring.setUserData(sqe, 21);
            Completions.Cqe c = Completions.submitAndAwait(ring);
            assertEquals(21, c.userData());
            assertEquals(-Errno.ECONNREFUSED, c.res(), "got " + Errno.name(c.res()));
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }

    @Test
    void sendZcPostsTheResultThenANotification() throws Exception {
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        try (ServerSocket server = new ServerSocket(0, 50, Net.LOOPBACK);
             Arena arena = Arena.ofConfined();
             IoUring ring = IoUring.open(8, 0, 0)) {
            Sockets.connect(fd, new InetSocketAddress(Net.LOOPBACK, server.getLocalPort()));
            try (Socket peer = server.accept()) {
                MemorySegment msg = arena.allocateFrom("zero-copy", StandardCharsets.US_ASCII);
                long sqe = ring.getSqe();
                ring.prepSendZc(sqe, fd, msg.address(), 9, 0, IORING_SEND_ZC_REPORT_USAGE);
                ring.setUserData(sqe, 31);
                ring.submit();
                Completions.Cqe result = Completions.await(ring);
                assertEquals(31, result.userData());
                assertEquals(9, result.res(), "send_zc: " + Errno.name(result.res()));
                assertTrue(result.more(), "a notification follows");
                Completions.Cqe notif = Completions.await(ring);
                assertEquals(31, notif.userData());
                assertTrue((notif.flags() & IORING_CQE_F_NOTIF) != 0, "flags " + notif.flags());
                assertEquals("zero-copy", new String(peer.getInputStream().readNBytes(9), StandardCharsets.US_ASCII));
            }
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }
}

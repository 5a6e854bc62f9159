package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.AbstractUnixAddress;
import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.SockAddr;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.os.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AF_UNIX stream sockets through the ring: accept, connect, send, recv (kernel-probes t12). */
class UnixSocketTest {

    @Test
    void abstractNamespaceListenConnectSendRecv() throws Exception {
        roundTrip(new AbstractUnixAddress("zeroio-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
    }

    @Test
    void pathnameListenConnectSendRecv(@TempDir Path dir) throws Exception {
        roundTrip(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
    }

    private static void roundTrip(SocketAddress address) throws Exception {
        int type = SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC;
        int lfd = Sockets.socket(SocketConstants.AF_UNIX, type, 0);
        int cfd = -1;
        int sfd = -1;
        try (Arena arena = Arena.ofConfined(); IoUring ring = IoUring.open(8, 0, 0)) {
            Sockets.bind(lfd, address);
            Sockets.listen(lfd, 8);
            assertEquals(address, Sockets.localAddress(lfd));
            cfd = Sockets.socket(SocketConstants.AF_UNIX, type, 0);
            MemorySegment sa = arena.allocate(SockAddr.SOCKADDR_UN_SIZE, 8);
            int len = SockAddr.encode(address, sa);

            long sqe = ring.getSqe();
            ring.prepAccept(sqe, lfd, 0, 0, SocketConstants.SOCK_CLOEXEC, false);
            ring.setUserData(sqe, 1);
            sqe = ring.getSqe();
            ring.prepConnect(sqe, cfd, sa.address(), len);
            ring.setUserData(sqe, 2);
            ring.submit();
            for (Completions.Cqe c : Completions.await(ring, 2)) {
                assertTrue(c.res() >= 0, "op " + c.userData() + ": " + Errno.name(c.res()));
                if (c.userData() == 1) {
                    sfd = c.res();
                }
            }
            assertTrue(sfd >= 0);
            assertEquals(address, Sockets.remoteAddress(cfd));

            MemorySegment msg = arena.allocateFrom("ping-unix", StandardCharsets.US_ASCII);
            MemorySegment in = arena.allocate(64);
            sqe = ring.getSqe();
            ring.prepSend(sqe, cfd, msg.address(), 9, 0);
            ring.setUserData(sqe, 3);
            assertEquals(9, Completions.submitAndAwait(ring).res());
            sqe = ring.getSqe();
            ring.prepRecv(sqe, sfd, in.address(), 64, 0);
            ring.setUserData(sqe, 4);
            Completions.Cqe r = Completions.submitAndAwait(ring);
            assertEquals(9, r.res());
            assertEquals("ping-unix", MultishotAcceptRecvTest.ascii(in, 0, 9));
        } finally {
            FileDescriptors.closeQuietly(sfd);
            FileDescriptors.closeQuietly(cfd);
            FileDescriptors.closeQuietly(lfd);
        }
    }
}

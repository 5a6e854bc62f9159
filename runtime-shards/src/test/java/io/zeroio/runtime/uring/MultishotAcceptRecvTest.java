package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.os.Sockets;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multishot accept, then multishot recv over a provided-buffer ring (kernel-probes t02). */
class MultishotAcceptRecvTest {
    private static final int CLIENTS = 4;
    private static final int MESSAGES = 5;
    private static final int BUFFERS = 16;
    private static final int BUF_SIZE = 4096;
    private static final byte OP_ACCEPT = 1;
    private static final byte OP_RECV = 2;
    private static final byte OP_CANCEL = 3;

    @Test
    void oneAcceptSqeManyConnectionsThenMultishotRecvThroughBufferIds() throws Exception {
        int lfd = Net.tcpListener();
        List<Socket> clients = new ArrayList<>();
        List<Integer> accepted = new ArrayList<>();
        try (Arena arena = Arena.ofConfined(); IoUring ring = IoUring.open(64, 0, 256)) {
            // --- multishot accept: one SQE, one CQE per connection, F_MORE on each ---
            long sqe = ring.getSqe();
            ring.prepAccept(sqe, lfd, 0, 0, SocketConstants.SOCK_CLOEXEC, true);
            ring.setUserData(sqe, UserData.pack(0, OP_ACCEPT, (short) 0));
            ring.submit();
            for (int i = 0; i < CLIENTS; i++) {
                Socket s = new Socket(Net.LOOPBACK, Net.port(lfd));
                s.setTcpNoDelay(true);
                clients.add(s);
            }
            for (int i = 0; i < CLIENTS; i++) {
                Completions.Cqe c = Completions.await(ring);
                assertEquals(OP_ACCEPT, UserData.op(c.userData()));
                assertTrue(c.res() >= 0, "accept failed: " + Errno.name(c.res()));
                assertTrue(c.more(), "multishot accept must stay armed");
                accepted.add(c.res());
            }

            // --- provided buffers: memory we own, a ring that only references it ---
            MemorySegment bufs = arena.allocate((long) BUFFERS * BUF_SIZE, 4096);
            BufRing br = ring.registerBufRing(7, BUFFERS);
            assertEquals(BUFFERS - 1, br.mask());
            for (int bid = 0; bid < BUFFERS; bid++) {
                br.add(bufs.address() + (long) bid * BUF_SIZE, BUF_SIZE, bid, bid);
            }
            br.advance(BUFFERS);

            // Connections are matched by peer port: accept order need not follow connect order.
            Map<Integer, Integer> clientByServerFd = new HashMap<>();
            for (int fd : accepted) {
                int peerPort = ((InetSocketAddress) Sockets.remoteAddress(fd)).getPort();
                for (int i = 0; i < CLIENTS; i++) {
                    if (clients.get(i).getLocalPort() == peerPort) {
                        clientByServerFd.put(fd, i);
                    }
                }
            }
            assertEquals(CLIENTS, clientByServerFd.size());
            for (int fd : accepted) {
                sqe = ring.getSqe();
                ring.prepRecvMultishot(sqe, fd, br.bgid(), 0);
                ring.setUserData(sqe, UserData.pack(clientByServerFd.get(fd), OP_RECV, (short) 0));
            }
            ring.submit();

            StringBuilder[] received = new StringBuilder[CLIENTS];
            StringBuilder[] expected = new StringBuilder[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                received[i] = new StringBuilder();
                expected[i] = new StringBuilder();
            }
            int cqes = 0;
            for (int m = 0; m < MESSAGES; m++) {
                int roundBytes = 0;
                for (int i = 0; i < CLIENTS; i++) {
                    byte[] msg = ("cli" + i + "-msg" + m + ";").getBytes(StandardCharsets.US_ASCII);
                    OutputStream out = clients.get(i).getOutputStream();
                    out.write(msg);
                    out.flush();
                    expected[i].append(new String(msg, StandardCharsets.US_ASCII));
                    roundBytes += msg.length;
                }
                while (roundBytes > 0) {
                    Completions.Cqe c = Completions.await(ring);
                    assertEquals(OP_RECV, UserData.op(c.userData()));
                    assertTrue(c.res() > 0, "recv: " + c.res() + " " + Errno.name(c.res()));
                    assertTrue(c.hasBuffer(), "a provided buffer must be named");
                    assertTrue(c.more(), "multishot recv must stay armed while buffers remain");
                    int bid = c.bufferId();
                    assertTrue(bid >= 0 && bid < BUFFERS, "bid " + bid);
                    received[UserData.id(c.userData())].append(ascii(bufs, (long) bid * BUF_SIZE, c.res()));
                    br.recycle(bufs.address() + (long) bid * BUF_SIZE, BUF_SIZE, bid);
                    roundBytes -= c.res();
                    cqes++;
                }
                assertEquals(0, roundBytes);
            }
            for (int i = 0; i < CLIENTS; i++) {
                assertEquals(expected[i].toString(), received[i].toString(), "connection " + i);
            }
            assertTrue(cqes >= MESSAGES, "one SQE per connection produced " + cqes + " CQEs");

            // --- exhaustion: a 2-buffer group runs dry -> -ENOBUFS without F_MORE; re-arming works ---
            int fd0 = accepted.get(0);
            int client0 = clientByServerFd.get(fd0);
            long oldRecv = UserData.pack(client0, OP_RECV, (short) 0);
            sqe = ring.getSqe();
            ring.prepAsyncCancel(sqe, oldRecv, 0);
            ring.setUserData(sqe, UserData.pack(0, OP_CANCEL, (short) 0));
            ring.submit();
            List<Completions.Cqe> others = new ArrayList<>();
            Completions.Cqe cancel = Completions.awaitUserData(ring, UserData.pack(0, OP_CANCEL, (short) 0), others);
            assertEquals(0, cancel.res(), "cancel: " + Errno.name(cancel.res()));
            Completions.Cqe cancelled = others.isEmpty() ? Completions.awaitUserData(ring, oldRecv, others) : others.get(0);
            assertEquals(oldRecv, cancelled.userData());
            assertEquals(-Errno.ECANCELED, cancelled.res());
            assertFalse(cancelled.more());

            MemorySegment small = arena.allocate(2L * BUF_SIZE, 4096);
            BufRing br2 = ring.registerBufRing(8, 2);
            br2.add(small.address(), BUF_SIZE, 0, 0);
            br2.add(small.address() + BUF_SIZE, BUF_SIZE, 1, 1);
            br2.advance(2);
            long narrow = UserData.pack(client0, OP_RECV, (short) 1);
            sqe = ring.getSqe();
            ring.prepRecvMultishot(sqe, fd0, br2.bgid(), 0);
            ring.setUserData(sqe, narrow);
            ring.submit();

            OutputStream out0 = clients.get(client0).getOutputStream();
            StringBuilder got = new StringBuilder();
            for (String part : new String[] {"AAAA", "BBBB"}) {
                out0.write(part.getBytes(StandardCharsets.US_ASCII));
                out0.flush();
                Completions.Cqe c = Completions.await(ring);
                assertEquals(narrow, c.userData());
                assertEquals(4, c.res());
                assertTrue(c.more());
                got.append(ascii(small, (long) c.bufferId() * BUF_SIZE, c.res()));
            }
            out0.write("CCCC".getBytes(StandardCharsets.US_ASCII));
            out0.flush();
            Completions.Cqe dry = Completions.await(ring);
            assertEquals(narrow, dry.userData());
            assertEquals(-Errno.ENOBUFS, dry.res(), "expected -ENOBUFS, got " + Errno.name(dry.res()));
            assertFalse(dry.more(), "multishot ends on buffer exhaustion and must be re-armed");

            br2.add(small.address(), BUF_SIZE, 0, 0);
            br2.add(small.address() + BUF_SIZE, BUF_SIZE, 1, 1);
            br2.advance(2);
            long rearmed = UserData.pack(client0, OP_RECV, (short) 2);
            sqe = ring.getSqe();
            ring.prepRecvMultishot(sqe, fd0, br2.bgid(), 0);
            ring.setUserData(sqe, rearmed);
            ring.submit();
            Completions.Cqe again = Completions.await(ring);
            assertEquals(rearmed, again.userData());
            assertEquals(4, again.res(), "the bytes that met an empty ring stayed in the socket");
            assertTrue(again.more());
            got.append(ascii(small, (long) again.bufferId() * BUF_SIZE, again.res()));
            assertEquals("AAAABBBBCCCC", got.toString());
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            for (int fd : accepted) {
                FileDescriptors.closeQuietly(fd);
            }
            FileDescriptors.closeQuietly(lfd);
        }
    }

    @Test
    void bufRingRejectsSizesTheKernelWouldRefuse() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            assertThrows(IllegalArgumentException.class, () -> ring.registerBufRing(1, 3));
            assertThrows(IllegalArgumentException.class, () -> ring.registerBufRing(1, 65536));
            BufRing br = ring.registerBufRing(1, 4);
            NativeIoException e = assertThrows(
                    NativeIoException.class, () -> ring.registerBufRing(1, 4));
            assertEquals(Errno.EEXIST, e.errno());
            assertTrue(e.getMessage().contains("already registered"), e.getMessage());
            br.close();
            br.close();
            assertEquals(1, ring.registerBufRing(1, 4).bgid(), "group id free again after close");
        }
    }

    static String ascii(MemorySegment mem, long offset, int length) {
        return new String(mem.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }
}

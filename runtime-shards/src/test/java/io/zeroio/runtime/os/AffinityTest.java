package io.zeroio.runtime.os;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sched_setaffinity pinning and SO_INCOMING_CPU (kernel-probes t09). Restores the thread's affinity. */
class AffinityTest {

    @Test
    void pinningMovesTheThreadToEachAllowedCpu() throws Exception {
        BitSet original = Threads.getAffinity();
        assertFalse(original.isEmpty());
        try {
            for (int cpu = original.nextSetBit(0); cpu >= 0; cpu = original.nextSetBit(cpu + 1)) {
                Threads.pinCurrentThread(cpu);
                BitSet now = Threads.getAffinity();
                assertEquals(1, now.cardinality());
                assertTrue(now.get(cpu));
                for (int i = 0; i < 1000; i++) {
                    assertEquals(cpu, Threads.currentCpu(), "pinned to " + cpu);
                    if (i % 100 == 0) {
                        Thread.yield();
                    }
                }
            }
        } finally {
            Threads.setAffinity(original);
        }
        assertEquals(original, Threads.getAffinity());
        assertTrue(Threads.gettid() > 0);
    }

    @Test
    void pinningToAnImpossibleCpuFailsWithAHint() {
        BitSet none = new BitSet();
        none.set(Threads.CPU_SETSIZE - 1);
        NativeIoException e = assertThrows(NativeIoException.class,
                () -> Threads.setAffinity(none));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("taskset"), e.getMessage());
    }

    @Test
    void incomingCpuOfAnAcceptedTcpSocketIsTheSendersCpu() throws Exception {
        BitSet original = Threads.getAffinity();
        int cpu = original.length() - 1; // the last allowed CPU
        int lfd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        int afd = -1;
        try {
            Sockets.bind(lfd, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Sockets.listen(lfd, 8);
            int port = ((InetSocketAddress) Sockets.localAddress(lfd)).getPort();
            Threads.pinCurrentThread(cpu);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                afd = Sockets.accept4(lfd, SocketConstants.SOCK_CLOEXEC);
                OutputStream out = client.getOutputStream();
                out.write(new byte[] {1, 2, 3}); // loopback receive processing runs on the sender's CPU
                out.flush();
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(8);
                    assertEquals(3, FileDescriptors.read(afd, buf));
                }
                int incoming = Sockets.getsockoptInt(afd, SocketConstants.SOL_SOCKET, SocketConstants.SO_INCOMING_CPU);
                assertEquals(cpu, incoming, "SO_INCOMING_CPU of the accepted socket");
            }
        } finally {
            Threads.setAffinity(original);
            FileDescriptors.closeQuietly(afd);
            FileDescriptors.closeQuietly(lfd);
        }
    }
}

package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.CallState;
import io.zeroio.runtime.os.EventFd;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.Futex;
import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.os.Sockets;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The first of the three zeros (design notes §5): after warm-up the submit/reap path and the hot-path
 * libc calls allocate 0 bytes on the calling thread, measured with
 * {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}. Each loop runs three times
 * (the first two let the JIT compile it) and the last run is asserted.
 */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int CYCLES = 100_000;

    @Test
    void nopSubmitAndReapAllocatesNothing() throws Exception {
        try (IoUring ring = IoUring.open(64, 0, 0)) {
            Sum sum = new Sum();
            long[] allocated = new long[3];
            for (int run = 0; run < 3; run++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                nopCycles(ring, sum);
                allocated[run] = THREADS.getCurrentThreadAllocatedBytes() - before;
            }
            System.out.printf("NOP cycles: allocated %d, %d, %d bytes%n", allocated[0], allocated[1], allocated[2]);
            assertEquals(0, allocated[2], "bytes allocated by " + CYCLES + " NOP cycles after warm-up (runs: "
                    + allocated[0] + ", " + allocated[1] + ", " + allocated[2] + ")");
            assertEquals(3L * CYCLES * (CYCLES - 1) / 2, sum.userData, "every completion was reaped");
        }
    }

    /** Even cycles reap through forEachCqe, odd ones through peekCqe / cqe accessors / cqAdvance. */
    private static void nopCycles(IoUring ring, Sum sum) throws NativeIoException {
        for (int i = 0; i < CYCLES; i++) {
            long sqe = ring.getSqe();
            ring.prepNop(sqe);
            ring.setUserData(sqe, i);
            ring.submitAndWait(1);
            if ((i & 1) == 0) {
                ring.forEachCqe(sum);
            } else {
                long cqe = ring.peekCqe();
                sum.onCqe(ring.cqeUserData(cqe), ring.cqeRes(cqe), ring.cqeFlags(cqe));
                ring.cqAdvance(1);
            }
        }
    }

    @Test
    void hotPathLibcCallsAllocateNothing() throws Exception {
        CallState cs = CallState.current(); // acquired once, as a shard does at start
        int efd = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
        int udp = Net.udpSocket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment futexWord = arena.allocate(4, 4);
            InetSocketAddress peer = new InetSocketAddress(Net.LOOPBACK, Net.port(udp));
            // Warm-up of the repeatable calls so the JIT compiles them (the interpreter's downcall
            // path allocates a few bytes per call); shutdown and close are warmed by the runs below.
            for (int i = 0; i < 200_000; i++) {
                repeatableCalls(cs, efd, udp, futexWord.address());
            }
            int batch = 250;
            int[] fds = new int[batch];
            long[] allocated = new long[3];
            for (int run = 0; run < 3; run++) {
                long total = 0;
                for (int b = 0; b < 100; b++) {
                    // Descriptors to shut down and close are made outside the measured window.
                    for (int i = 0; i < batch; i++) {
                        fds[i] = Sockets.socket(SocketConstants.AF_INET,
                                SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC, 0);
                        Sockets.connect(fds[i], peer);
                    }
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < batch; i++) {
                        repeatableCalls(cs, efd, fds[i], futexWord.address());
                        Sockets.shutdown(cs, fds[i], SocketConstants.SHUT_RDWR);
                        FileDescriptors.close(cs, fds[i]);
                    }
                    total += THREADS.getCurrentThreadAllocatedBytes() - before;
                }
                allocated[run] = total;
            }
            System.out.printf("libc hot path: allocated %d, %d, %d bytes%n", allocated[0], allocated[1], allocated[2]);
            assertEquals(0, allocated[2], "bytes allocated by hot-path libc calls after warm-up (runs: "
                    + allocated[0] + ", " + allocated[1] + ", " + allocated[2] + ")");
        } finally {
            FileDescriptors.closeQuietly(udp);
            FileDescriptors.closeQuietly(efd);
        }
    }

    private static void repeatableCalls(CallState cs, int efd, int socket, long futexWord) throws NativeIoException {
        EventFd.write(cs, efd, 1);
        EventFd.read(cs, efd);
        Futex.wake(cs, futexWord, 1, false);
        Sockets.setsockoptInt(cs, socket, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, 65536);
    }

    private static final class Sum implements CqeHandler {
        long userData;

        @Override
        public void onCqe(long ud, int res, int flags) {
            if (res != 0) {
                throw new IllegalStateException("NOP failed: " + res);
            }
            userData += ud;
        }
    }
}

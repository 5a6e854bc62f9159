package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.CallState;
import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.EventFd;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.Futex;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.zeroio.runtime.uring.ffi.IoUringConstants.FUTEX2_SIZE_U32;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cross-thread wake-ups a shard relies on: a FUTEX_WAIT SQE woken by futex(2) from another thread, a
 * FUTEX_WAKE SQE waking a thread in futex(2), and an eventfd read SQE completed by a write. Shared
 * futexes only (no FUTEX2_PRIVATE): design notes §4, the private-futex trap.
 */
class FutexAndEventFdTest {
    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    private static final long MATCH_ANY_U32 = 0xFFFF_FFFFL; // FUTEX_BITSET_MATCH_ANY as a 32-bit futex2 mask

    @Test
    void futexWaitSqeIsWokenByAnotherThread() throws Exception {
        try (Arena arena = Arena.ofShared(); IoUring ring = IoUring.open(8, 0, 0)) {
            MemorySegment word = arena.allocate(4, 4);
            long sqe = ring.getSqe();
            ring.prepFutexWait(sqe, word.address(), 0, MATCH_ANY_U32, FUTEX2_SIZE_U32);
            ring.setUserData(sqe, 51);
            ring.submit();
            ring.submitAndWaitTimeout(1, 50_000_000L);
            assertEquals(0, ring.cqReady(), "FUTEX_WAIT must sleep while the word holds the expected value");

            AtomicInteger woken = new AtomicInteger(-1);
            Thread waker = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    WORD.setVolatile(word, 0L, 1);
                    woken.set(Futex.wake(CallState.current(), word.address(), 1, false));
                } catch (Exception e) {
                    woken.set(-2);
                }
            });
            waker.start();
            Completions.Cqe c = Completions.await(ring);
            waker.join();
            assertEquals(51, c.userData());
            assertEquals(0, c.res(), "FUTEX_WAIT: " + Errno.name(c.res()));
            assertEquals(1, woken.get(), "futex(FUTEX_WAKE) found the SQE waiter");

            sqe = ring.getSqe(); // the word now holds 1: waiting for 0 fails at once
            ring.prepFutexWait(sqe, word.address(), 0, MATCH_ANY_U32, FUTEX2_SIZE_U32);
            ring.setUserData(sqe, 52);
            assertEquals(-Errno.EAGAIN, Completions.submitAndAwait(ring).res());
        }
    }

    @Test
    void futexWakeSqeWakesAThreadBlockedInFutexWait() throws Exception {
        try (Arena arena = Arena.ofShared(); IoUring ring = IoUring.open(8, 0, 0)) {
            MemorySegment word = arena.allocate(4, 4);
            AtomicInteger waitResult = new AtomicInteger(-1);
            Thread sleeper = new Thread(() -> {
                try {
                    waitResult.set(Futex.wait(CallState.current(), word.address(), 0, 10_000_000_000L, false));
                } catch (Exception e) {
                    waitResult.set(-2);
                }
            });
            sleeper.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            int res = 0;
            while (res == 0 && System.nanoTime() < deadline) { // until the sleeper is queued on the word
                long sqe = ring.getSqe();
                ring.prepFutexWake(sqe, word.address(), 1, MATCH_ANY_U32, FUTEX2_SIZE_U32);
                ring.setUserData(sqe, 53);
                res = Completions.submitAndAwait(ring).res();
                if (res == 0) {
                    Thread.sleep(5);
                }
            }
            sleeper.join(5_000);
            assertEquals(1, res, "FUTEX_WAKE SQE reports one waiter woken");
            assertEquals(0, waitResult.get(), "futex(FUTEX_WAIT) returned because it was woken");
        }
    }

    @Test
    void eventfdReadSqeCompletesWhenAnotherThreadWrites() throws Exception {
        int efd = EventFd.create(0, EventFd.EFD_CLOEXEC);
        try (Arena arena = Arena.ofConfined(); IoUring ring = IoUring.open(8, 0, 0)) {
            MemorySegment counter = arena.allocate(8, 8);
            long sqe = ring.getSqe();
            ring.prepRead(sqe, efd, counter.address(), 8, 0);
            ring.setUserData(sqe, 61);
            ring.submit();
            ring.submitAndWaitTimeout(1, 50_000_000L);
            assertEquals(0, ring.cqReady(), "the read waits for a write");

            AtomicLong wrote = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    wrote.set(EventFd.write(CallState.current(), efd, 7) ? 1 : 0);
                } catch (Exception e) {
                    wrote.set(-1);
                }
            });
            writer.start();
            Completions.Cqe c = Completions.await(ring);
            writer.join();
            assertEquals(1, wrote.get());
            assertEquals(61, c.userData());
            assertEquals(8, c.res());
            assertEquals(7, counter.get(ValueLayout.JAVA_LONG, 0));
        } finally {
            FileDescriptors.closeQuietly(efd);
        }
    }

    @Test
    void nonBlockingEventFdReadAndWriteDirectly() throws Exception {
        int efd = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
        try {
            CallState cs = CallState.current();
            assertEquals(-1, EventFd.read(cs, efd), "empty non-blocking eventfd reads EAGAIN");
            EventFd.write(cs, efd, 2);
            EventFd.write(cs, efd, 3);
            assertEquals(5, EventFd.read(cs, efd));
        } finally {
            FileDescriptors.closeQuietly(efd);
        }
    }
}

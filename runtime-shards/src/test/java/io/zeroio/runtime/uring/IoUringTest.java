package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.os.EventFd;
import io.zeroio.runtime.os.FileDescriptors;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.uring.ffi.KernelTimespec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static io.zeroio.runtime.uring.ffi.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoUringTest {

    @Test
    void isSupportedOnThisMachine() {
        assertNull(IoUring.unsupportedReason());
        assertTrue(IoUring.isSupported());
    }

    @Test
    void nopRoundTripCarriesUserData() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            assertEquals(8, ring.sqEntries());
            assertEquals(16, ring.cqEntries());
            assertTrue((ring.features() & IORING_FEAT_SINGLE_MMAP) != 0);
            long sqe = ring.getSqe();
            assertNotEquals(IoUring.NONE, sqe);
            ring.prepNop(sqe);
            long ud = UserData.pack(0x7ABC_DEF0, (byte) 0x5A, (short) -2);
            ring.setUserData(sqe, ud);
            assertEquals(1, ring.sqPending());

            assertEquals(1, ring.submitAndWait(1));
            assertEquals(0, ring.sqPending());
            assertEquals(1, ring.cqReady());
            long cqe = ring.peekCqe();
            assertEquals(ud, ring.cqeUserData(cqe));
            assertEquals(0, ring.cqeRes(cqe));
            ring.cqAdvance(1);
            assertEquals(0, ring.cqReady());
            assertEquals(IoUring.NONE, ring.peekCqe());
        }
    }

    @Test
    void forEachCqeDeliversEveryCompletionInOrder() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            for (int i = 0; i < 5; i++) {
                long sqe = ring.getSqe();
                ring.prepNop(sqe);
                ring.setUserData(sqe, 100 + i);
            }
            assertEquals(5, ring.submitAndWait(5));
            assertEquals(5, ring.cqReady());
            assertEquals(101, ring.cqeUserData(ring.cqeAddress(1)));
            Recorder r = new Recorder();
            assertEquals(5, ring.forEachCqe(r));
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L), r.userData);
            assertEquals(0, ring.cqReady());
            assertEquals(0, ring.forEachCqe(r));
        }
    }

    @Test
    void handlerFailureStillReleasesTheCqesItSaw() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            for (int i = 0; i < 3; i++) {
                long sqe = ring.getSqe();
                ring.prepNop(sqe);
                ring.setUserData(sqe, i);
            }
            ring.submitAndWait(3);
            CqeHandler failOnSecond = (ud, res, flags) -> {
                if (ud == 1) {
                    throw new IllegalStateException("boom");
                }
            };
            assertThrows(IllegalStateException.class, () -> ring.forEachCqe(failOnSecond));
            assertEquals(1, ring.cqReady());
            assertEquals(2, ring.cqeUserData(ring.peekCqe()));
        }
    }

    @Test
    void submitAndWaitTimeoutReturnsAfterTheTimeoutWhenNothingCompletes() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            long timeout = 200_000_000L;
            long start = System.nanoTime();
            assertEquals(0, ring.submitAndWaitTimeout(1, timeout));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= timeout / 2, "returned after " + waited + " ns, expected about " + timeout);
            assertEquals(0, ring.cqReady());
        }
    }

    @Test
    void submitAndWaitTimeoutSubmitsAndReturnsEarlyOnCompletion() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            long sqe = ring.getSqe();
            ring.prepNop(sqe);
            ring.setUserData(sqe, 77);
            assertEquals(1, ring.submitAndWaitTimeout(1, 10_000_000_000L));
            assertEquals(77, ring.cqeUserData(ring.peekCqe()));
            ring.cqAdvance(1);
        }
    }

    @Test
    void getSqeReturnsNoneWhenTheSubmissionQueueIsFull() throws Exception {
        try (IoUring ring = IoUring.open(4, 0, 0)) {
            for (int i = 0; i < 4; i++) {
                ring.prepNop(ring.getSqe());
            }
            assertEquals(0, ring.sqSpaceLeft());
            assertEquals(IoUring.NONE, ring.getSqe());
            assertEquals(4, ring.submitAndWait(4));
            ring.cqAdvance(ring.cqReady());
            assertEquals(4, ring.sqSpaceLeft());
            assertNotEquals(IoUring.NONE, ring.getSqe());
        }
    }

    @Test
    void cqSizeFlagIsAppliedWhenCqEntriesGiven() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 128)) {
            assertEquals(128, ring.cqEntries());
            assertTrue((ring.setupFlags() & IORING_SETUP_CQSIZE) != 0);
        }
    }

    @Test
    void singleIssuerDeferTaskrunRingWorks() throws Exception {
        try (IoUring ring = IoUring.open(8, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, 0)) {
            long sqe = ring.getSqe();
            ring.prepNop(sqe);
            ring.setUserData(sqe, 5);
            assertEquals(5, Completions.submitAndAwait(ring).userData());
        }
    }

    @Test
    void sqpollRingWorks() throws Exception {
        try (IoUring ring = IoUring.open(8, IORING_SETUP_SQPOLL, 0)) {
            long sqe = ring.getSqe();
            ring.prepNop(sqe);
            ring.setUserData(sqe, 6);
            ring.submit();
            assertEquals(6, Completions.await(ring).userData());
        }
    }

    @Test
    void invalidSetupFlagsThrowWithErrnoAndHint() {
        // DEFER_TASKRUN without SINGLE_ISSUER is rejected (kernel-probes t06).
        NativeIoException e = assertThrows(NativeIoException.class,
                () -> IoUring.open(8, IORING_SETUP_DEFER_TASKRUN, 0));
        assertEquals("io_uring_setup", e.syscall());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("io_uring_setup failed: EINVAL (Invalid argument)"), e.getMessage());
        assertTrue(e.getMessage().contains("DEFER_TASKRUN needs SINGLE_ISSUER"), e.getMessage());
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFailsCleanly() throws Exception {
        IoUring ring = IoUring.open(8, 0, 0);
        ring.close();
        ring.close();
        assertTrue(ring.isClosed());
        assertThrows(IllegalStateException.class, ring::getSqe);
        assertThrows(IllegalStateException.class, ring::cqReady);
    }

    @Test
    void probeReportsTheOpcodesThisProjectUses() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            BitSet ops = ring.probeOps();
            int[] used = {IORING_OP_NOP, IORING_OP_ACCEPT, IORING_OP_CONNECT, IORING_OP_RECV, IORING_OP_SEND,
                    IORING_OP_RECVMSG, IORING_OP_SENDMSG, IORING_OP_SEND_ZC, IORING_OP_CLOSE, IORING_OP_SHUTDOWN,
                    IORING_OP_TIMEOUT, IORING_OP_ASYNC_CANCEL, IORING_OP_READ, IORING_OP_POLL_ADD,
                    IORING_OP_FUTEX_WAIT, IORING_OP_FUTEX_WAKE};
            for (int op : used) {
                assertTrue(ops.get(op), "opcode " + op + " not supported; supported: " + ops);
            }
        }
    }

    @Test
    void timeoutSqeExpiresAndTimeoutRemoveCancels() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment shortTs = arena.allocate(KernelTimespec.LAYOUT);
            shortTs.set(ValueLayout.JAVA_LONG, KernelTimespec.TV_NSEC, 20_000_000L);
            long sqe = ring.getSqe();
            ring.prepTimeout(sqe, shortTs.address(), 0, 0);
            ring.setUserData(sqe, 1);
            Completions.Cqe expired = Completions.submitAndAwait(ring);
            assertEquals(1, expired.userData());
            assertEquals(-Errno.ETIME, expired.res());

            MemorySegment longTs = arena.allocate(KernelTimespec.LAYOUT);
            longTs.set(ValueLayout.JAVA_LONG, KernelTimespec.TV_SEC, 60L);
            sqe = ring.getSqe();
            ring.prepTimeout(sqe, longTs.address(), 0, 0);
            ring.setUserData(sqe, 2);
            sqe = ring.getSqe();
            ring.prepTimeoutRemove(sqe, 2, 0);
            ring.setUserData(sqe, 3);
            ring.submit();
            List<Completions.Cqe> two = Completions.await(ring, 2);
            for (Completions.Cqe c : two) {
                if (c.userData() == 2) {
                    assertEquals(-Errno.ECANCELED, c.res());
                } else {
                    assertEquals(3, c.userData());
                    assertEquals(0, c.res());
                }
            }
        }
    }

    @Test
    void pollAddReportsReadiness() throws Exception {
        try (IoUring ring = IoUring.open(8, 0, 0)) {
            int efd = EventFd.create(1, EventFd.EFD_CLOEXEC);
            try {
                long sqe = ring.getSqe();
                ring.prepPollAdd(sqe, efd, SocketConstants.POLLIN, false);
                ring.setUserData(sqe, 4);
                Completions.Cqe c = Completions.submitAndAwait(ring);
                assertEquals(4, c.userData());
                assertTrue((c.res() & SocketConstants.POLLIN) != 0, "mask " + c.res());
            } finally {
                FileDescriptors.closeQuietly(efd);
            }
        }
    }

    @Test
    void userDataPacksIdOpAndExtra() {
        long ud = UserData.pack(-1, (byte) 0x81, (short) 0x7FFF);
        assertEquals(-1, UserData.id(ud));
        assertEquals((byte) 0x81, UserData.op(ud));
        assertEquals((short) 0x7FFF, UserData.extra(ud));
        long ud2 = UserData.pack(42, (byte) 3, (short) -1);
        assertEquals(42, UserData.id(ud2));
        assertEquals(3, UserData.op(ud2));
        assertEquals(-1, UserData.extra(ud2));
        assertEquals(0L, (ud2 >>> 40) & 0xFF, "bits 40-47 stay zero");
        assertEquals(0L, UserData.pack(0, (byte) 0, (short) 0));
    }

    private static final class Recorder implements CqeHandler {
        final List<Long> userData = new ArrayList<>();

        @Override
        public void onCqe(long ud, int res, int flags) {
            assertEquals(0, res);
            userData.add(ud);
        }
    }
}

package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.uring.ffi.IoUringConstants;

import java.util.ArrayList;
import java.util.List;

/** Test helper: reaps completions as records (tests may allocate; the product API does not). */
final class Completions {
    static final long TIMEOUT_MS = 5_000;

    private Completions() {
    }

    record Cqe(long userData, int res, int flags) {
        boolean more() {
            return (flags & IoUringConstants.IORING_CQE_F_MORE) != 0;
        }

        boolean hasBuffer() {
            return (flags & IoUringConstants.IORING_CQE_F_BUFFER) != 0;
        }

        int bufferId() {
            return flags >>> IoUringConstants.IORING_CQE_BUFFER_SHIFT;
        }
    }

    /** Waits for and consumes one completion; fails after {@code timeoutMs}. */
    static Cqe await(IoUring ring, long timeoutMs) throws NativeIoException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long c = ring.peekCqe();
            if (c != IoUring.NONE) {
                Cqe cqe = new Cqe(ring.cqeUserData(c), ring.cqeRes(c), ring.cqeFlags(c));
                ring.cqAdvance(1);
                return cqe;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no completion within " + timeoutMs + " ms");
            }
            ring.submitAndWaitTimeout(1, left);
        }
    }

    static Cqe await(IoUring ring) throws NativeIoException {
        return await(ring, TIMEOUT_MS);
    }

    /** Waits for {@code n} completions, in arrival order. */
    static List<Cqe> await(IoUring ring, int n) throws NativeIoException {
        List<Cqe> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(await(ring));
        }
        return out;
    }

    /** Waits for the completion carrying {@code userData}, collecting the others into {@code others}. */
    static Cqe awaitUserData(IoUring ring, long userData, List<Cqe> others) throws NativeIoException {
        while (true) {
            Cqe c = await(ring);
            if (c.userData() == userData) {
                return c;
            }
            others.add(c);
        }
    }

    /** Submits whatever is prepared and reaps one completion. */
    static Cqe submitAndAwait(IoUring ring) throws NativeIoException {
        ring.submit();
        return await(ring);
    }
}

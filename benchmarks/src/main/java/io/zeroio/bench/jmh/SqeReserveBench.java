package io.zeroio.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.zeroio.runtime.uring.IoUring;

/**
 * Taking SQEs and preparing them: 64 × ({@code getSqe} + {@code prepNop} + {@code setUserData}) per
 * invocation, reported per SQE. {@code getSqe} is the acquire read of the kernel-written SQ head
 * plus zeroing the 64-byte entry; the JFR profile of the echo puts it at the top of the Java frames.
 * The NOPs are submitted and reaped between invocations, outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SqeReserveBench {
    private static final int BATCH = 64;
    private IoUring ring;
    private long userData;

    @Setup(Level.Trial)
    public void open() throws Exception {
        ring = IoUring.open(256, 0, 0);
    }

    @TearDown(Level.Trial)
    public void close() {
        ring.close();
    }

    /** Submits and reaps the last invocation's NOPs (not measured). */
    @Setup(Level.Invocation)
    public void drain() throws Exception {
        final int pending = ring.sqPending();
        if (pending > 0) {
            ring.submitAndWait(pending);
            int seen = 0;
            while (seen < pending) {
                final int ready = ring.cqReady();
                ring.cqAdvance(ready);
                seen += ready;
                if (ready == 0) {
                    ring.submitAndWait(pending - seen);
                }
            }
        }
    }

    /** getSqe + prepNop + setUserData, per SQE. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long getSqePrepNop() {
        for (int i = 0; i < BATCH; i++) {
            final long s = ring.getSqe();
            ring.prepNop(s);
            ring.setUserData(s, ++userData);
        }
        return userData;
    }
}

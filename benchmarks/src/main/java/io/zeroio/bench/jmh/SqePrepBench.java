package io.zeroio.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.zeroio.runtime.uring.IoUring;

/**
 * SQE preparation on a real ring: writing a send / recv SQE and its user data into the submission
 * queue entry the ring handed out ({@code prepSend}/{@code prepRecv} + {@code setUserData}), the
 * per-operation work of the io_uring backend before {@code io_uring_enter}. The entry is taken
 * once and rewritten; nothing is submitted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SqePrepBench {
    private IoUring ring;
    private long sqe;
    private long userData;

    @Setup
    public void open() throws Exception {
        ring = IoUring.open(256, 0, 0);
        sqe = ring.getSqe();
        if (sqe == IoUring.NONE) {
            throw new IllegalStateException("no SQE");
        }
    }

    @TearDown
    public void close() {
        ring.close();
    }

    /** prepSend + setUserData. */
    @Benchmark
    public long prepSend() {
        ring.prepSend(sqe, 7, 0x7f00_0000_1000L, 64, 0);
        ring.setUserData(sqe, ++userData);
        return userData;
    }

    /** prepRecv + setUserData. */
    @Benchmark
    public long prepRecv() {
        ring.prepRecv(sqe, 7, 0x7f00_0000_1000L, 2048, 0);
        ring.setUserData(sqe, ++userData);
        return userData;
    }
}

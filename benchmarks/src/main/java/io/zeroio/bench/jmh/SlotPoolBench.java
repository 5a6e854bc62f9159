package io.zeroio.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.zeroio.runtime.pool.HugePages;
import io.zeroio.runtime.pool.SlotPool;

/**
 * Slot checkout and release: {@link SlotPool#acquire()} then {@link SlotPool#release(long)}, the
 * pair every received message and every send costs; and the same with one extra reference
 * ({@code retain}), the shape of a lease echo.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SlotPoolBench {
    private SlotPool pool;

    @Setup(Level.Trial)
    public void open() {
        pool = new SlotPool(0, 2048, 4096, HugePages.OFF);
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.close();
    }

    /** acquire + release. */
    @Benchmark
    public boolean acquireRelease() {
        final long h = pool.acquire();
        return pool.release(h);
    }

    /** acquire + retain + release + release (a slot lent to a send while the receive holds it). */
    @Benchmark
    public boolean acquireRetainReleaseTwice() {
        final long h = pool.acquire();
        pool.retain(h);
        pool.release(h);
        return pool.release(h);
    }
}

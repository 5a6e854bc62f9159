package io.zeroio.runtime.shard;

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

import io.zeroio.runtime.pool.HugePages;

/**
 * Flyweight event decode: re-pointing the shard's {@link Event} at a queued DATA row and reading
 * it the way a handler does (type, conn, slot, offset, length and a long of the payload through
 * {@code data()}). Lives in the runtime's package (on the class path) because re-pointing is
 * package-private; the Io is a real NIO shard opened on the benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class EventDecodeBench {
    private static final int ROWS = 64;
    private Io io;
    private EventQueue queue;
    private Event event;
    private long[] handles;
    private int row;

    @Setup
    public void open() throws Exception {
        io = Io.open(Config.builder().name("jmh-event").backend(BackendKind.NIO).hugePages(HugePages.OFF).build());
        queue = new EventQueue(ROWS, 8);
        handles = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            handles[i] = io.pools().tier(0).acquire();
            final int r = queue.add(EventType.DATA, 1000L + i, 0);
            queue.handle[r] = handles[i];
            queue.offset[r] = 0;
            queue.length[r] = 64;
        }
        event = new Event(io, queue);
    }

    @TearDown
    public void close() {
        for (long h : handles) {
            io.pools().release(h);
        }
        io.close();
    }

    /** point + the handler's reads. */
    @Benchmark
    public long pointAndRead() {
        final int r = row;
        row = (r + 1) & (ROWS - 1);
        event.point(r, io.epoch());
        if (event.type() != EventType.DATA) {
            throw new IllegalStateException();
        }
        return event.conn() + event.slot() + event.offset() + event.length() + event.data().getLong(0);
    }
}

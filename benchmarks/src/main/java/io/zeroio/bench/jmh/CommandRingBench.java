package io.zeroio.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The IoHandle command ring: an Agrona {@link ManyToOneRingBuffer} of the size
 * {@code IoHandle.newCommandRing} gives a 1024-connection shard, carrying 24-byte commands
 * (conn, slot handle, length/offset) the way {@code IoHandle} publishes them (tryClaim, fill,
 * commit) and the shard drains them ({@code read}). One offer + one poll per operation, on one
 * thread (the uncontended cost; contention is the jcstress suite's business).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class CommandRingBench {
    private static final int COMMAND_LENGTH = 24;
    private ManyToOneRingBuffer ring;
    private long sum;
    private final MessageHandler reader = this::onCommand;

    @Setup
    public void open() {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private void onCommand(int type, MutableDirectBuffer buffer, int index, int length) {
        sum += buffer.getLong(index) + buffer.getLong(index + 8) + buffer.getInt(index + 16);
    }

    /** tryClaim + fill + commit, then read one. */
    @Benchmark
    public long offerPoll() {
        final int index = ring.tryClaim(1, COMMAND_LENGTH);
        final MutableDirectBuffer b = ring.buffer();
        b.putLong(index, 42L);
        b.putLong(index + 8, 0x1234_5678L);
        b.putInt(index + 16, 64);
        b.putInt(index + 20, 0);
        ring.commit(index);
        ring.read(reader, 1);
        return sum;
    }

    /** Sixteen offers, then one drain (a producer's burst). */
    @Benchmark
    public long offerSixteenPollBatch() {
        final MutableDirectBuffer b = ring.buffer();
        for (int i = 0; i < 16; i++) {
            final int index = ring.tryClaim(1, COMMAND_LENGTH);
            b.putLong(index, i);
            b.putLong(index + 8, 0x1234_5678L);
            b.putInt(index + 16, 64);
            b.putInt(index + 20, 0);
            ring.commit(index);
        }
        ring.read(reader, 16);
        return sum;
    }
}

package io.zeroio.runtime.shard;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.pool.SendBuffer;

/**
 * The thread-safe send side of a shard (the seed's {@code IoHandle}): any thread may send, close
 * and wake through it. Calls become 24-byte commands in a lock-free many-to-one ring (Agrona
 * {@link ManyToOneRingBuffer}: producers claim with a CAS on the tail, the shard reads in order)
 * and wake the shard through its {@link WakeWord}, which costs a syscall only when the shard
 * sleeps. Nothing here allocates.
 */
public final class IoHandle {
    private final Io io;
    private final ManyToOneRingBuffer commands;
    private final WakeWord wakeWord;
    private final ShardBackend backend;
    private final Pools pools;

    IoHandle(Io io, ManyToOneRingBuffer commands, WakeWord wakeWord, ShardBackend backend, Pools pools) {
        this.io = io;
        this.commands = commands;
        this.wakeWord = wakeWord;
        this.backend = backend;
        this.pools = pools;
    }

    static ManyToOneRingBuffer newCommandRing(int maxConnections) {
        int bytes = 64 * 1024;
        while (bytes < maxConnections * 64) {
            bytes <<= 1;
        }
        return new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * A writable slot from the shard's pools, for a producer on this thread to fill and pass to
     * {@link #send(long, SendBuffer)}; {@code null} when the pools are exhausted. Lock-free.
     */
    public SendBuffer sendBuffer(int minSize) {
        return pools.acquireSendBuffer(minSize);
    }

    /**
     * Queues a send of a slot this thread wrote. The slot belongs to the shard from here on.
     *
     * @return false when the command ring is full (the slot is released; retry later)
     */
    public boolean send(long conn, SendBuffer buffer) {
        return command(Io.cmdSend(false), conn, buffer, buffer.length());
    }

    /** As {@link #send(long, SendBuffer)} for critical traffic the cascade never sheds. */
    public boolean sendCritical(long conn, SendBuffer buffer) {
        return command(Io.cmdSend(true), conn, buffer, buffer.length());
    }

    /**
     * Sends the bytes of a detached slot (e.g. a received payload forwarded to another
     * connection) without copying; takes over {@code slot}'s reference.
     */
    public boolean send(long conn, OwnedSlot slot) {
        final long h = slot.handle();
        final int offset = (int) (slot.address() - slot.pool().slotAddress((int) h));
        return commandHandle(Io.cmdSend(false), conn, h, slot.length(), offset, slot);
    }

    /** Copies {@code length} bytes into a slot and queues it (one counted copy). */
    public boolean sendCopy(long conn, DirectBuffer source, int offset, int length) {
        final SendBuffer b = pools.acquireSendBuffer(length);
        if (b == null) {
            return false;
        }
        b.buffer().putBytes(0, source, offset, length);
        b.pool().countCopy();
        return send(conn, b.length(length));
    }

    /** Closes a connection at once (queued sends dropped). */
    public boolean close(long conn) {
        return control(Io.cmdClose(false), conn, 0);
    }

    /** Closes after flushing queued sends, within {@code timeout}. */
    public boolean closeGraceful(long conn, Duration timeout) {
        return control(Io.cmdClose(true), conn, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Wakes the shard from its wait (e.g. after publishing work it polls for). */
    public void wake() {
        try {
            if (wakeWord.notifyShard()) {
                backend.wakeKernel();
            }
        } catch (IllegalStateException shardClosed) {
            // The shard closed meanwhile (ShardRunner.close races the shard leaving its loop after a
            // poll timeout): its wake word lives in a shared Arena, whose close() is safe against
            // concurrent access — the access throws instead of touching freed memory. A closed
            // shard needs no waking.
        }
    }

    /** The shard this handle sends to (its methods are shard-thread only). */
    public Io shard() {
        return io;
    }

    private boolean command(int type, long conn, SendBuffer buffer, int length) {
        final int index = commands.tryClaim(type, Io.COMMAND_LENGTH);
        if (index < 0) {
            buffer.abort();
            return false;
        }
        final long h = buffer.take();
        publish(index, conn, h, length, 0);
        return true;
    }

    private boolean commandHandle(int type, long conn, long h, int length, int offset, OwnedSlot owner) {
        final int index = commands.tryClaim(type, Io.COMMAND_LENGTH);
        if (index < 0) {
            owner.close();
            return false;
        }
        owner.pool().retain(h); // the command's own reference ...
        owner.close();          // ... replaces the OwnedSlot's
        publish(index, conn, h, length, offset);
        return true;
    }

    private boolean control(int type, long conn, int value) {
        final int index = commands.tryClaim(type, Io.COMMAND_LENGTH);
        if (index < 0) {
            return false;
        }
        publish(index, conn, 0L, value, 0);
        return true;
    }

    private void publish(int index, long conn, long h, int value, int offset) {
        final var buffer = commands.buffer();
        buffer.putLong(index, conn);
        buffer.putLong(index + 8, h);
        buffer.putInt(index + 16, value);
        buffer.putInt(index + 20, offset);
        // commit() is a release store of the record header: the shard's acquire read of it sees
        // the three fields above (Agrona ManyToOneRingBuffer protocol).
        commands.commit(index);
        wake();
    }
}

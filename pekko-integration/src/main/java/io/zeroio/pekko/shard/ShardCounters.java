package io.zeroio.pekko.shard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-shard traffic counters: written by the shard thread only (plain read-modify-write, opaque
 * store: no fence on the hot path), read by the metrics thread with opaque loads (untorn, fresh
 * enough; no ordering with each other is promised).
 */
public final class ShardCounters {
    private static final VarHandle BYTES_IN;
    private static final VarHandle BYTES_OUT;
    private static final VarHandle MESSAGES_IN;
    private static final VarHandle MESSAGES_OUT;
    private static final VarHandle SHED_OUT;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            BYTES_IN = l.findVarHandle(ShardCounters.class, "bytesIn", long.class);
            BYTES_OUT = l.findVarHandle(ShardCounters.class, "bytesOut", long.class);
            MESSAGES_IN = l.findVarHandle(ShardCounters.class, "messagesIn", long.class);
            MESSAGES_OUT = l.findVarHandle(ShardCounters.class, "messagesOut", long.class);
            SHED_OUT = l.findVarHandle(ShardCounters.class, "shedOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long bytesIn;
    private long bytesOut;
    private long messagesIn;
    private long messagesOut;
    private long shedOut;

    void received(int bytes) {
        BYTES_IN.setOpaque(this, bytesIn + bytes);
        MESSAGES_IN.setOpaque(this, messagesIn + 1);
    }

    void sent(int bytes) {
        BYTES_OUT.setOpaque(this, bytesOut + bytes);
        MESSAGES_OUT.setOpaque(this, messagesOut + 1);
    }

    void shed() {
        SHED_OUT.setOpaque(this, shedOut + 1);
    }

    /** Bytes received (all connections of the shard). */
    public long bytesIn() {
        return (long) BYTES_IN.getOpaque(this);
    }

    /** Bytes queued for sending. */
    public long bytesOut() {
        return (long) BYTES_OUT.getOpaque(this);
    }

    /** Payloads received. */
    public long messagesIn() {
        return (long) MESSAGES_IN.getOpaque(this);
    }

    /** Elements queued for sending. */
    public long messagesOut() {
        return (long) MESSAGES_OUT.getOpaque(this);
    }

    /** Outgoing elements refused (shed by the cascade, queue full or connection gone). */
    public long shedOut() {
        return (long) SHED_OUT.getOpaque(this);
    }
}

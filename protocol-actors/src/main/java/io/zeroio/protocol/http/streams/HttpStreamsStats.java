package io.zeroio.protocol.http.streams;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the streams mode (any thread). */
public final class HttpStreamsStats {
    final LongAdder connections = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder unmatched = new LongAdder();
    final LongAdder failed = new LongAdder();

    /** Connections whose flow was materialised. */
    public long connections() {
        return connections.sum();
    }

    /** Requests the flow's source refused (answered 500 + close). */
    public long refused() {
        return refused.sum();
    }

    /** Replies without an outstanding request (dropped). */
    public long unmatched() {
        return unmatched.sum();
    }

    /** Requests failed because their flow failed or completed before replying (500 + close). */
    public long failed() {
        return failed.sum();
    }
}

package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zeroio.runtime.pool.PoolStats;

/** Assertions every shard test ends with: nothing leaked. */
public final class ShardAssertions {
    private ShardAssertions() {
    }

    /** Waits (bounded) until every pool slot of the shard is free, then asserts it. */
    public static void awaitPoolsFull(ShardRunner shard) throws Exception {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        PoolStats stats = shard.call(Io::poolStats);
        while (!stats.atFullCapacity() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            stats = shard.call(Io::poolStats);
        }
        assertEquals(0, stats.held(), "pool slots leaked: " + stats);
    }

    /** Waits (bounded) until the shard has {@code expected} open connections, then asserts it. */
    public static void awaitOpenConnections(ShardRunner shard, int expected) throws Exception {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        int open = shard.call(Io::openConnections);
        while (open != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            open = shard.call(Io::openConnections);
        }
        assertEquals(expected, open, "open connections");
    }
}

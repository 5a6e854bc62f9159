package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroio.runtime.error.ZeroIoException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ShardRunner.close()} sets the stop flag and then wakes the shard; the shard may leave its
 * loop on a poll timeout and close (freeing its wake word) in between. Waking a closed shard must
 * therefore be a no-op, not an "Already closed" failure in the closer.
 */
class IoHandleAfterCloseTest {
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void wakingAClosedShardIsANoOp(BackendKind kind) throws Exception {
        final IoHandle handle;
        try (Io io = Io.open(Backends4Test.config(kind))) {
            handle = io.handle();
            handle.wake();
        }
        assertDoesNotThrow(handle::wake);
        assertDoesNotThrow(handle::wake);
    }

    /** A task handed to a closed runner fails at once with a message saying so (it used to wait 30 s for a timeout). */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void callingAClosedRunnerFailsAtOnce(BackendKind kind) throws Exception {
        final ShardRunner runner = ShardRunner.start(Backends4Test.config(kind), (io, event) -> { });
        assertEquals(0, (int) runner.call(Io::openConnections));
        runner.close();
        runner.close(); // idempotent
        final long start = System.nanoTime();
        final ZeroIoException e = assertThrows(ZeroIoException.class, () -> runner.call(Io::openConnections));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "failed after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}

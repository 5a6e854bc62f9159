package io.zeroio.runtime.os;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The native memory one thread's libc calls need: the errno capture area written by
 * {@link Linker.Option#captureCallState(String...)} and a small scratch area for out-parameters
 * ({@code socklen_t}, an int socket option, an eventfd counter, a CPU mask, a futex timeout).
 *
 * <p><b>Threading.</b> A {@code CallState} is confined to one thread by contract (not checked, to keep
 * the hot path free of checks). There are two ways to obtain one:
 * <ul>
 *   <li>{@link #current()} — one per thread through a {@link ThreadLocal}, created on first use. A shard
 *   acquires it <em>once</em> when its thread starts and passes it to every hot-path call; the hot path
 *   never calls {@code ThreadLocal.get()}. Cold-path methods of this package that take no
 *   {@code CallState} use {@code current()}.</li>
 *   <li>{@link #allocate(Arena)} — an instance owned by an object with its own lifetime, such as an
 *   io_uring ring (which is itself single-threaded).</li>
 * </ul>
 * A method taking a {@code CallState} uses its scratch area only for the duration of the call, so
 * nested use is impossible and consecutive calls may reuse it.
 */
public final class CallState {
    /** Size of the scratch area: enough for a 1024-CPU mask, a sockaddr_storage and a few ints. */
    public static final long SCRATCH_BYTES = 512;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final ThreadLocal<CallState> CURRENT = ThreadLocal.withInitial(CallState::newForThread);

    final MemorySegment capture;
    final MemorySegment scratch;

    private CallState(Arena arena) {
        this.capture = arena.allocate(CAPTURE_LAYOUT);
        this.scratch = arena.allocate(SCRATCH_BYTES, 16);
    }

    private static CallState newForThread() {
        // Freed by the GC when the thread (and its ThreadLocal map) goes away.
        return new CallState(Arena.ofAuto());
    }

    /**
     * The calling thread's {@code CallState}, created on first use. Acquire it once at thread start and
     * keep the reference for hot-path calls.
     *
     * @return this thread's call state
     */
    public static CallState current() {
        return CURRENT.get();
    }

    /**
     * A new {@code CallState} whose memory lives as long as {@code arena}; the caller confines it to
     * one thread at a time.
     *
     * @param arena the arena that owns the memory
     * @return a new call state
     */
    public static CallState allocate(Arena arena) {
        return new CallState(arena);
    }

    /**
     * The errno captured by the last failing call made with this state. Only meaningful right after a
     * call returned its failure value (-1, {@code MAP_FAILED}).
     *
     * @return the captured errno
     */
    public int errno() {
        return (int) ERRNO.get(capture, 0L);
    }

    /**
     * The scratch area ({@link #SCRATCH_BYTES} bytes, 16-byte aligned). Methods of this package that
     * take this state overwrite it; a caller may use it between calls.
     *
     * @return the scratch segment
     */
    public MemorySegment scratch() {
        return scratch;
    }
}

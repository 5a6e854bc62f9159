package io.zeroio.runtime.shard;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.zeroio.runtime.error.ZeroIoException;

/**
 * Runs one shard on a dedicated platform thread (never a pool thread): opens the {@link Io} on
 * that thread (so pinning and first-touch pool memory happen there), calls the
 * {@link InlineHandler}, and polls until {@link #close()} (the Agrona {@code AgentRunner} shape:
 * start, duty cycle, close).
 */
public final class ShardRunner implements AutoCloseable {
    private static final long POLL_NANOS = 50_000_000L;

    private final Thread thread;
    private final CompletableFuture<Io> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile Io io;

    private ShardRunner(Config config, InlineHandler handler) {
        this.thread = Thread.ofPlatform().name(config.name()).daemon(true).unstarted(() -> run(config, handler));
    }

    /**
     * Starts a shard thread and waits until the shard is open and {@link InlineHandler#onStart}
     * returned.
     *
     * @throws ZeroIoException when the shard could not open (the message says why)
     */
    public static ShardRunner start(Config config, InlineHandler handler) throws ZeroIoException {
        final ShardRunner runner = new ShardRunner(config, handler);
        runner.thread.start();
        try {
            runner.started.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof ZeroIoException z) {
                throw z;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new ZeroIoException("shard " + config.name() + " failed to start: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZeroIoException("interrupted while starting shard " + config.name(), e);
        } catch (TimeoutException e) {
            throw new ZeroIoException("shard " + config.name() + " did not start within 30 s", e);
        }
        return runner;
    }

    private void run(Config config, InlineHandler handler) {
        final Io shard;
        try {
            shard = Io.open(config);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            stopped.complete(null);
            return;
        }
        io = shard;
        try {
            handler.onStart(shard);
            started.complete(shard);
            while (running) {
                shard.poll(POLL_NANOS);
                for (Event ev; (ev = shard.nextEvent()) != null; ) {
                    handler.onEvent(shard, ev);
                }
                handler.afterPoll(shard);
                // Events raised by afterPoll's own calls (e.g. a send to a reset connection) belong to
                // this poll: deliver them now, the next poll retires every event of this one.
                for (Event ev; (ev = shard.nextEvent()) != null; ) {
                    handler.onEvent(shard, ev);
                }
                if (!tasks.isEmpty()) {
                    for (Runnable task; (task = tasks.poll()) != null; ) {
                        task.run();
                    }
                }
            }
            handler.onStop(shard);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            if (t instanceof Error e) {
                throw e;
            }
        } finally {
            shard.close();
            stopped.complete(null);
        }
    }

    /** The thread-safe handle of the shard. */
    public IoHandle handle() {
        return io.handle();
    }

    /** The shard thread. */
    public Thread thread() {
        return thread;
    }

    /**
     * Runs {@code task} on the shard thread and waits for its result (control path: tests,
     * listeners, statistics; allocates).
     */
    public <T> T call(Function<Io, T> task) throws ZeroIoException {
        final CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.apply(io));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        io.handle().wake();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (true) {
                try {
                    return result.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (stopped.isDone() && !result.isDone()) {
                        // a task queued on (or after) close never runs: say so at once instead of after 30 s
                        throw new ZeroIoException("shard " + thread.getName() + " is closed: the task did not run");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ZeroIoException("shard task failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZeroIoException("interrupted", e);
        } catch (TimeoutException e) {
            throw new ZeroIoException("shard task timed out", e);
        }
    }

    /** Stops polling, closes the shard (draining in-flight completions) and joins the thread. Idempotent. */
    @Override
    public void close() {
        running = false;
        final Io shard = io;
        if (shard != null) {
            shard.handle().wake();
        }
        try {
            stopped.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("shard " + thread.getName() + " did not stop within 10 s", e);
        }
    }
}

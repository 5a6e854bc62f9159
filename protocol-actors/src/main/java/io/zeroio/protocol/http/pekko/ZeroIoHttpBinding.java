package io.zeroio.protocol.http.pekko;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.Done;
import org.apache.pekko.stream.SharedKillSwitch;

import io.zeroio.pekko.javadsl.ServerBinding;

/**
 * A bound zero-io HTTP server, mirroring Pekko HTTP's {@code ServerBinding}: {@link #port()},
 * {@link #localAddress()}, {@link #unbind()}, {@link #terminate(Duration)}, {@link #whenTerminated()}.
 */
public final class ZeroIoHttpBinding {
    private final ServerBinding binding;
    private final SharedKillSwitch kill;
    private final Set<CompletionStage<Done>> open;
    private final CompletableFuture<Done> terminated = new CompletableFuture<>();

    ZeroIoHttpBinding(ServerBinding binding, SharedKillSwitch kill, Set<CompletionStage<Done>> open) {
        this.binding = binding;
        this.kill = kill;
        this.open = open;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return binding.port();
    }

    /** The bound address. */
    public SocketAddress localAddress() {
        return binding.localAddress();
    }

    /** Connections currently open on this binding. */
    public int openConnections() {
        return open.size();
    }

    /** Stops accepting; open connections continue. */
    public CompletionStage<Done> unbind() {
        return binding.unbind();
    }

    /**
     * Unbinds, lets open connections finish for up to {@code hardDeadline}, then closes those still
     * open (aborting their in-flight requests). Unlike stock Pekko HTTP it does not answer new
     * requests on kept-alive connections with 503 meanwhile: they are served until the deadline.
     */
    public CompletionStage<Done> terminate(Duration hardDeadline) {
        binding.unbind().whenComplete((d, t) ->
            allClosed(hardDeadline).whenComplete((v, e) -> {
                kill.shutdown(); // completes every connection still open: their slots go back to the pools
                allClosed(Duration.ofSeconds(5)).whenComplete((v2, e2) -> terminated.complete(Done.getInstance()));
            }));
        return terminated;
    }

    /** Completes when every connection open now has finished, or after {@code limit}. */
    private CompletableFuture<Done> allClosed(Duration limit) {
        final CompletableFuture<?>[] all = open.stream().map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all)
            .handle((v, e) -> {
                open.removeIf(f -> f.toCompletableFuture().isDone());
                return Done.getInstance();
            })
            .completeOnTimeout(Done.getInstance(), limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Completes once {@link #terminate(Duration)} has closed every connection. */
    public CompletionStage<Done> whenTerminated() {
        return terminated;
    }
}

package io.zeroio.pekko.javadsl;

import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.pekko.Done;

/** The materialized value of {@code ZeroIo#bind}: where it listens, and how to stop listening. */
public final class ServerBinding {
    private final SocketAddress localAddress;
    private final Supplier<CompletionStage<Done>> unbind;
    private final CompletionStage<Done> whenUnbound;

    /** Internal. */
    public ServerBinding(SocketAddress localAddress, Supplier<CompletionStage<Done>> unbind, CompletionStage<Done> whenUnbound) {
        this.localAddress = localAddress;
        this.unbind = unbind;
        this.whenUnbound = whenUnbound;
    }

    /** The bound address (an ephemeral port resolved). */
    public SocketAddress localAddress() {
        return localAddress;
    }

    /** The bound TCP port, or -1 for a Unix domain socket. */
    public int port() {
        return localAddress instanceof java.net.InetSocketAddress inet ? inet.getPort() : -1;
    }

    /** Stops accepting on every shard; accepted connections stay open. */
    public CompletionStage<Done> unbind() {
        return unbind.get();
    }

    /** Completes once unbound. */
    public CompletionStage<Done> whenUnbound() {
        return whenUnbound;
    }
}

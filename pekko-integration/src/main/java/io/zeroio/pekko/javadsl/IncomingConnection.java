package io.zeroio.pekko.javadsl;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;

import io.zeroio.pekko.shard.ConnPort;
import io.zeroio.runtime.pool.SendBuffer;

/**
 * An accepted connection, as emitted by {@code ZeroIo#bind}: handle it with
 * {@link #handleWith(Flow, Materializer)} or materialize {@link #flow()} once. A connection that is
 * never handled is closed when its binding's stream ends or the system shuts down.
 */
public final class IncomingConnection {
    private final ConnPort port;
    private final SocketAddress localAddress;
    private final AtomicBoolean claimed = new AtomicBoolean();

    /** Internal. */
    public IncomingConnection(ConnPort port, SocketAddress localAddress) {
        this.port = port;
        this.localAddress = localAddress;
    }

    /** The listener's address. */
    public SocketAddress localAddress() {
        return localAddress;
    }

    /** Index of the shard that owns this connection. */
    public int shard() {
        return port.shard().index();
    }

    /**
     * A writable slot of this connection's shard (0-copy sending: write it once, push it as
     * {@link Outgoing#send}), or null when the pools are exhausted. Any thread.
     */
    public SendBuffer sendBuffer(int minSize) {
        return port.shard().sendBuffer(minSize);
    }

    /** The connection as a flow: pushes send, pulls receive. Materialize it once. */
    public Flow<Outgoing, Lease, NotUsed> flow() {
        return Flow.fromGraph(new ConnectionStage(this)).mapMaterializedValue(m -> NotUsed.getInstance());
    }

    /** Joins {@code handler} (received leases in, elements to send out) with this connection and runs it. */
    public <M> M handleWith(Flow<Lease, Outgoing, M> handler, Materializer materializer) {
        return Flow.fromGraph(new ConnectionStage(this)).joinMat(handler, Keep.right()).run(materializer);
    }

    /** Internal: the shard-side port. */
    public ConnPort port() {
        return port;
    }

    /**
     * Internal: claims the connection for a consumer other than {@link #flow()} (a session actor)
     * and returns its port.
     */
    public ConnPort claimPort() {
        claim();
        return port;
    }

    void claim() {
        if (!claimed.compareAndSet(false, true)) {
            throw new IllegalStateException("an IncomingConnection's flow can be materialized only once");
        }
    }

}

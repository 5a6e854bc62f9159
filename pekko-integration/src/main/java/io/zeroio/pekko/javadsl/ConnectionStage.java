package io.zeroio.pekko.javadsl;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;

import io.zeroio.pekko.ZeroIoStreamException;
import io.zeroio.pekko.shard.ConnPort;
import io.zeroio.pekko.shard.PortListener;
import io.zeroio.pekko.shard.ZeroIoShard;

/**
 * The stream face of one connection: a {@code Flow<Outgoing, Lease>} whose inlet sends and whose
 * outlet emits received payloads as {@link Lease}s.
 *
 * <h2>Crossing threads</h2>
 * The stage and the shard share a {@link ConnPort}: leases come through its ring, outgoing elements
 * through its queue, and the shard wakes the stage with one {@link AsyncCallback} invoke only when
 * the stage asked (it found the ring empty while pulled, or the queue full while pushed).
 *
 * <h2>Termination</h2>
 * Upstream completion half-closes (FIN once queued sends are flushed; the outlet keeps emitting
 * until the peer closes). Upstream failure aborts the connection. Downstream cancellation closes the
 * connection gracefully. Peer close completes the outlet; a reset or error fails the stage.
 * Whatever ends the stage, buffered leases are released and the shard reclaims what user code
 * still holds once the connection is closed.
 */
public final class ConnectionStage extends AbstractGraphStageWithMaterializedValue<FlowShape<Outgoing, Lease>,
    CompletionStage<OutgoingConnection>> {

    private static final Object SIGNAL = new Object();

    private final Inlet<Outgoing> in = Inlet.create("ZeroIoConnection.send");
    private final Outlet<Lease> out = Outlet.create("ZeroIoConnection.receive");
    private final FlowShape<Outgoing, Lease> shape = FlowShape.of(in, out);
    private final IncomingConnection incoming;
    private final ZeroIoShard shard;
    private final SocketAddress remote;

    /** For an accepted connection (materializable once). */
    ConnectionStage(IncomingConnection incoming) {
        this.incoming = incoming;
        this.shard = incoming.port().shard();
        this.remote = null;
    }

    /** For an outgoing connection to {@code remote} on {@code shard} (one connection per materialization). */
    public ConnectionStage(ZeroIoShard shard, SocketAddress remote) {
        this.incoming = null;
        this.shard = shard;
        this.remote = remote;
    }

    @Override
    public FlowShape<Outgoing, Lease> shape() {
        return shape;
    }

    @Override
    public Pair<GraphStageLogic, CompletionStage<OutgoingConnection>> createLogicAndMaterializedValuePair(Attributes attrs) {
        final ConnPort port;
        if (incoming != null) {
            incoming.claim();
            port = incoming.port();
        } else {
            port = shard.newPort();
        }
        final CompletableFuture<OutgoingConnection> connected = new CompletableFuture<>();
        return Pair.create(new Logic(port, connected), connected);
    }

    private final class Logic extends GraphStageLogic implements PortListener {
        private final ConnPort port;
        private final CompletableFuture<OutgoingConnection> connected;
        private AsyncCallback<Object> callback;
        private Outgoing pending;
        private boolean upstreamDone;

        Logic(ConnPort port, CompletableFuture<OutgoingConnection> connected) {
            super(shape);
            this.port = port;
            this.connected = connected;
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    final Outgoing o = grab(in);
                    if (port.isClosed()) {
                        ZeroIoShard.discard(o);
                        cancel(in);
                        return;
                    }
                    pending = o;
                    offerPending();
                }

                @Override
                public void onUpstreamFinish() {
                    upstreamDone = true;
                    if (pending == null) {
                        port.finishOutput();
                    } else {
                        setKeepGoing(true); // the pending element is still to be handed over
                    }
                }

                @Override
                public void onUpstreamFailure(Throwable ex) {
                    port.abort();
                    failStage(ex);
                }
            });
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    tryPush();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    port.cancelInbound();
                    completeStage(); // close gracefully: queued sends are flushed first
                }
            });
        }

        @Override
        public void preStart() {
            callback = createAsyncCallback(x -> onSignal());
            port.attach(this);
            if (remote != null) {
                shard.connect(port, remote);
            } else {
                connected.complete(new OutgoingConnection(incoming.localAddress(), shard.index()));
            }
            pull(in);
        }

        @Override
        public void signal() {
            callback.invoke(SIGNAL); // shard thread: hand over, never block
        }

        private void onSignal() {
            if (!connected.isDone() && port.isConnected()) {
                connected.complete(new OutgoingConnection(remote, shard.index()));
            }
            final Throwable failure = port.failure();
            if (failure != null) {
                connected.completeExceptionally(failure);
                failStage(failure instanceof ZeroIoStreamException ? failure
                    : new ZeroIoStreamException("connection failed", failure));
                return;
            }
            if (pending != null) {
                offerPending();
            }
            if (isAvailable(out)) {
                tryPush();
            }
            if (port.isClosed()) {
                if (!connected.isDone()) {
                    connected.completeExceptionally(new ZeroIoStreamException("connection closed before it was established"));
                }
                if (!isClosed(in)) {
                    if (pending != null) {
                        ZeroIoShard.discard(pending);
                        pending = null;
                    }
                    cancel(in);
                }
                if (upstreamDone) {
                    setKeepGoing(false);
                    if (isClosed(out)) {
                        completeStage();
                    }
                }
            }
        }

        private void offerPending() {
            if (port.offer(pending)) {
                pending = null;
                afterOffer();
                return;
            }
            port.requestSignal(); // then re-check: the shard may have drained meanwhile
            if (port.offer(pending)) {
                pending = null;
                afterOffer();
            }
        }

        private void afterOffer() {
            if (upstreamDone) {
                port.finishOutput();
                setKeepGoing(false);
                if (isClosed(out)) {
                    completeStage();
                }
            } else if (!isClosed(in) && !hasBeenPulled(in)) {
                pull(in);
            }
        }

        private void tryPush() {
            Lease l = port.poll();
            if (l == null) {
                if (finishedReceiving()) {
                    complete(out);
                    return;
                }
                port.requestSignal(); // then re-check (see ConnPort: volatile on both sides)
                l = port.poll();
                if (l == null) {
                    if (finishedReceiving()) {
                        complete(out);
                    }
                    return;
                }
            }
            push(out, l);
        }

        private boolean finishedReceiving() {
            return (port.isPeerClosed() || port.isClosed()) && !port.hasData();
        }

        @Override
        public void postStop() {
            if (pending != null) {
                ZeroIoShard.discard(pending);
                pending = null;
            }
            port.consumerDone();
            if (!connected.isDone()) {
                connected.completeExceptionally(new ZeroIoStreamException("connection stream stopped before connecting"));
            }
        }
    }
}

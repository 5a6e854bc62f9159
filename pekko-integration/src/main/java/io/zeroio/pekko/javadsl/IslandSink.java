package io.zeroio.pekko.javadsl;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * A stream island (the seed's {@code run_per_core}): every connection that reaches this sink is
 * joined with {@code handler} and materialized with the sink's own sub-fusing materializer, so all
 * of them run inside this one interpreter (one actor, one thread at a time) instead of one actor
 * per connection. {@code ZeroIo#bindIslands} feeds one such sink per shard with that shard's
 * connections only.
 */
public final class IslandSink extends GraphStage<SinkShape<IncomingConnection>> {
    private final Inlet<IncomingConnection> in = Inlet.create("ZeroIoIsland.in");
    private final SinkShape<IncomingConnection> shape = SinkShape.of(in);
    private final Flow<Lease, Outgoing, ?> handler;

    /** @param handler the per-connection logic (received leases in, elements to send out) */
    public IslandSink(Flow<Lease, Outgoing, ?> handler) {
        this.handler = handler;
    }

    @Override
    public SinkShape<IncomingConnection> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attrs) {
        return new GraphStageLogic(shape) {
            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        grab(in).handleWith(handler, subFusingMaterializer());
                        pull(in);
                    }

                    @Override
                    public void onUpstreamFinish() {
                        // keep running: the connections fused into this island live on
                    }
                });
            }

            @Override
            public void preStart() {
                setKeepGoing(true);
                pull(in);
            }
        };
    }
}

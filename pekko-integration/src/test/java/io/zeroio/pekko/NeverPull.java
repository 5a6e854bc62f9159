package io.zeroio.pekko;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/** A sink that never signals demand (a consumer that stopped pulling) and completes when upstream does. */
final class NeverPull<T> extends GraphStage<SinkShape<T>> {
    private final Inlet<T> in = Inlet.create("NeverPull.in");
    private final SinkShape<T> shape = SinkShape.of(in);

    static <T> Sink<T, org.apache.pekko.NotUsed> sink() {
        return Sink.fromGraph(new NeverPull<T>());
    }

    @Override
    public SinkShape<T> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attrs) {
        return new GraphStageLogic(shape) {
            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        throw new IllegalStateException("never pulled, so never pushed");
                    }
                });
            }
        };
    }
}

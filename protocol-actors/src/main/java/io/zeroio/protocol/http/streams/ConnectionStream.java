package io.zeroio.protocol.http.streams;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpExchange;
import io.zeroio.protocol.http.server.ZeroHttpRequest;

/**
 * One connection's materialised flow: requests go in through a bounded source queue (offered on
 * the shard), replies come out of a {@code Sink.foreach} on the stream's thread and answer the
 * connection's outstanding exchange. A connection has at most one request in the flow (pipelined
 * ones wait on the shard with the connection's receives paused), so replies match requests by
 * order; {@link #current} is taken with an atomic swap by whoever answers it — the reply, the
 * stream's failure/completion, or a refused offer — so an exchange is answered once.
 */
final class ConnectionStream {
    private final BoundedSourceQueue<ZeroHttpRequest> queue;
    private final AtomicReference<HttpExchange> current = new AtomicReference<>();
    private final HttpStreamsStats stats;
    private volatile boolean terminated;

    ConnectionStream(Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow, Materializer materializer, HttpStreamsStats stats) {
        this.stats = stats;
        final Pair<BoundedSourceQueue<ZeroHttpRequest>, CompletionStage<Done>> m = Source.<ZeroHttpRequest>queue(2)
            .via(flow)
            .toMat(Sink.foreach(this::onReply), Keep.both())
            .run(materializer);
        queue = m.first();
        m.second().whenComplete((done, failure) -> onTerminated(failure));
    }

    /** Shard thread: hands a deferred request to the flow. */
    void offer(HttpExchange ex) {
        if (terminated) {
            ex.fail(new IllegalStateException("the connection's flow has terminated"));
            return;
        }
        current.set(ex);
        final QueueOfferResult r = queue.offer(ex.asRequest());
        if (!r.isEnqueued() && current.compareAndSet(ex, null)) {
            stats.refused.increment();
            ex.fail(new IllegalStateException("the connection's flow refused the request: " + r));
        }
    }

    /** Shard thread: the connection is gone; the flow completes (a pending request was given up already). */
    void complete() {
        queue.complete();
    }

    private void onReply(ZeroHttpReply reply) {
        final HttpExchange ex = current.getAndSet(null);
        if (ex == null) {
            stats.unmatched.increment(); // a reply without a request (the flow emitted more than it got)
            return;
        }
        ex.reply(reply);
    }

    private void onTerminated(Throwable failure) {
        terminated = true;
        final HttpExchange ex = current.getAndSet(null);
        if (ex != null) {
            stats.failed.increment();
            ex.fail(failure != null ? failure : new IllegalStateException("the flow completed without a reply"));
        }
    }
}

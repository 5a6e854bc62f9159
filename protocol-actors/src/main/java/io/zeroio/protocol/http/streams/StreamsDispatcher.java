package io.zeroio.protocol.http.streams;

import org.agrona.collections.Long2ObjectHashMap;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;

import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpConnectionListener;
import io.zeroio.protocol.http.server.HttpExchange;
import io.zeroio.protocol.http.server.HttpHandler;
import io.zeroio.protocol.http.server.ZeroHttpRequest;

/**
 * One shard's end of the streams mode (shard thread only): the innermost handler defers the
 * request and offers it to its connection's flow, materialised on the connection's first request
 * and completed when the connection goes.
 */
final class StreamsDispatcher implements HttpHandler, HttpConnectionListener {
    private final Long2ObjectHashMap<ConnectionStream> streams = new Long2ObjectHashMap<>();
    private final Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow;
    private final Materializer materializer;
    private final HttpStreamsStats stats;

    StreamsDispatcher(Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow, Materializer materializer, HttpStreamsStats stats) {
        this.flow = flow;
        this.materializer = materializer;
        this.stats = stats;
    }

    @Override
    public void handle(HttpRequest request, ZeroResponse response) {
        final HttpExchange ex = HttpExchange.defer(response);
        final long conn = ex.connection();
        ConnectionStream cs = streams.get(conn);
        if (cs == null) {
            try {
                cs = new ConnectionStream(flow, materializer, stats);
            } catch (RuntimeException e) { // the materializer was shut down, or the flow refuses to run
                ex.fail(e);
                return;
            }
            streams.put(conn, cs);
            stats.connections.increment();
        }
        cs.offer(ex);
    }

    @Override
    public void closed(long conn) {
        final ConnectionStream cs = streams.remove(conn);
        if (cs != null) {
            cs.complete();
        }
    }
}

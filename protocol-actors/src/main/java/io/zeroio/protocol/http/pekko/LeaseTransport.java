package io.zeroio.protocol.http.pekko;

import java.time.Duration;
import java.util.Optional;

import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;

import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;

/**
 * The per-connection glue between a zero-io connection ({@code Flow<Lease, Outgoing>}) and Pekko
 * HTTP's server layer (HTTP/1.1 parsing, rendering, keep-alive, pipelining, chunking, 100-continue).
 *
 * <p>Costs, stated: every received lease is copied once into a {@link ByteString} and released at
 * once (Pekko HTTP's parser wants heap {@code ByteString}s); every rendered {@code ByteString} is
 * copied once into a TX slot of the connection's shard ({@link Outgoing#copyOf}). Everything between
 * (parser, route, marshalling, renderer) is stock Pekko HTTP and allocates as it does there.
 */
final class LeaseTransport {
    private LeaseTransport() {
    }

    /** One copy out of the slot, then the slot goes back to its pool. */
    static ByteString toByteString(Lease lease) {
        try {
            return lease.toByteString();
        } finally {
            lease.release(); // a no-op when the lease was reclaimed (connection gone)
        }
    }

    /**
     * The complete per-connection flow: zero-io bytes in, Pekko HTTP's server layer, {@code handler}
     * for each request, zero-io bytes out.
     */
    static Flow<Lease, Outgoing, NotUsed> connectionFlow(Http http, ServerSettings settings,
                                                         Flow<HttpRequest, HttpResponse, ?> handler) {
        final BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> layer =
            http.serverLayer(settings, Optional.empty()).atop(placebo());
        final BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> timed = withIdleTimeout(layer, settings);
        final BidiFlow<ByteString, Outgoing, Lease, ByteString, NotUsed> bytes = BidiFlow.fromFunctions(
            Outgoing::copyOf, LeaseTransport::toByteString);
        final Flow<HttpRequest, HttpResponse, NotUsed> h = handler.mapMaterializedValue(m -> NotUsed.getInstance());
        return timed.atop(bytes).reversed().join(h);
    }

    /** TLS-less session layer; {@code SessionBytes} is an {@code SslTlsInbound} (Java's generics are invariant). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed> placebo() {
        return (BidiFlow) TLSPlacebo.getInstance();
    }

    /** Pekko HTTP's {@code idle-timeout} (the stock binding applies it on the transport, so do we). */
    private static BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> withIdleTimeout(
            BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> layer, ServerSettings settings) {
        final scala.concurrent.duration.Duration idle = settings.getTimeouts().idleTimeout();
        if (!idle.isFinite()) {
            return layer;
        }
        return layer.atop(BidiFlow.<ByteString, ByteString>bidirectionalIdleTimeout(Duration.ofNanos(idle.toNanos())));
    }
}

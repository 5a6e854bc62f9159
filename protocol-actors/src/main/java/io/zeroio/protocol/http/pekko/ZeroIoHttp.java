package io.zeroio.protocol.http.pekko;

import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * The Pekko HTTP drop-in: serves a Pekko HTTP {@code Route} (or any request handler) over zero-io
 * shards. The one-line change from stock Pekko HTTP:
 * <pre>{@code
 * Http.get(system).newServerAt("0.0.0.0", 8080).bind(route);        // stock
 * ZeroIoHttp.get(system).newServerAt("0.0.0.0", 8080).bind(route);  // over zero-io shards
 * }</pre>
 * Connections are accepted and driven by the {@code io.zeroio.pekko.ZeroIo} extension's shards;
 * HTTP parsing, routing, marshalling and rendering stay Pekko HTTP's own (its server layer), so
 * routes, directives, marshallers and {@code pekko.http.server} settings behave as before. The
 * cost: one copy of the received bytes out of the slot and one copy of the rendered bytes into a
 * TX slot per read/write (see {@code docs/http.md}, "Pekko HTTP drop-in").
 */
public final class ZeroIoHttp {
    private final ClassicActorSystemProvider system;

    private ZeroIoHttp(ClassicActorSystemProvider system) {
        this.system = system;
    }

    /** The drop-in for {@code system} (starts the zero-io extension's shards on first use). */
    public static ZeroIoHttp get(ClassicActorSystemProvider system) {
        return new ZeroIoHttp(system);
    }

    /**
     * A server builder for {@code host:port} (port 0: ephemeral), as Pekko HTTP's
     * {@code Http.newServerAt}.
     */
    public ZeroIoServerBuilder newServerAt(String host, int port) {
        return new ZeroIoServerBuilder(system, host, port, null);
    }
}

package io.zeroio.protocol.http.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Event;
import io.zeroio.runtime.shard.InlineHandler;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;

/** A {@link ShardWebSocketClient} on its own shard, for tests (pool tiers as an HTTP server shard with the same limits). */
public final class ClientShard implements AutoCloseable {
    final ShardRunner shard;
    final ShardWebSocketClient client;

    public ClientShard(BackendKind backend, WebSocketClientConfig config) throws Exception {
        this.client = new ShardWebSocketClient(config);
        final ShardWebSocketClient c = client;
        final HttpServerConfig tiers = HttpServerConfig.builder().websocketMaxFrameBytes(config.maxFrameBytes())
            .websocketMaxMessageBytes(config.maxMessageBytes()).build();
        this.shard = ShardRunner.start(HttpServer.shardConfig("ws-client", tiers, backend, -1), new InlineHandler() {
            @Override
            public void onEvent(Io io, Event event) {
                c.onEvent(io, event);
            }

            @Override
            public void onStop(Io io) {
                c.free();
            }
        });
    }

    /** Connects; returns the connection id (0: failed at once, the handler was told). */
    public long connect(InetSocketAddress target, String path, WebSocketClientHandler h) throws Exception {
        return shard.call(io -> client.connect(io, target, path, h));
    }

    /** Sends a text message on the shard. */
    public boolean sendText(long conn, String text) throws Exception {
        return shard.call(io -> client.session(io, conn).sendText(text));
    }

    /** Sends a binary message on the shard. */
    public boolean sendBinary(long conn, byte[] data) throws Exception {
        return shard.call(io -> client.session(io, conn).sendBinary(new UnsafeBuffer(data), 0, data.length));
    }

    /** Sends one raw frame. */
    public boolean sendFrame(long conn, int opcode, boolean fin, byte[] data) throws Exception {
        return shard.call(io -> client.session(io, conn).sendFrame(opcode, fin, new UnsafeBuffer(data), 0, data.length));
    }

    /** Pings. */
    public boolean ping(long conn, byte[] data) throws Exception {
        return shard.call(io -> client.session(io, conn).ping(new UnsafeBuffer(data), 0, data.length));
    }

    /** Starts the close handshake. */
    public void close(long conn, int code, String reason) throws Exception {
        shard.call(io -> {
            client.session(io, conn).close(code, reason);
            return null;
        });
    }

    /** Whether permessage-deflate is in use on {@code conn}. */
    public boolean compressed(long conn) throws Exception {
        return shard.call(io -> client.session(io, conn).compressed());
    }

    /** Waits until the shard has no connection and every slot is back, asserts it, stops the shard. */
    @Override
    public void close() throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (shard.call(Io::openConnections) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        final int open = shard.call(Io::openConnections);
        PoolStats stats = shard.call(Io::poolStats);
        while (!stats.atFullCapacity() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            stats = shard.call(Io::poolStats);
        }
        shard.close();
        assertEquals(0, open, "client connections left open");
        assertTrue(stats.atFullCapacity(), "client slots leaked: " + stats);
    }
}

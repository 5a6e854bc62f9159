package io.zeroio.protocol.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.protocol.http.AllocationJvm;
import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.runtime.shard.BackendKind;

/**
 * Connection churn on io_uring: accepting a connection, answering its one request with
 * {@code Connection: close}, and the peer's close allocate nothing on the shard thread after warm-up
 * (runs in the {@code zero-allocation} JVM). The benchmark's keep-alive windows include connecting
 * wrk's 100 connections: a peer-initiated close once cost ~1.1 KB on the shard thread (shutdown(2)'s
 * ENOTCONN thrown as an exception), which showed there as a fraction of a byte per request.
 *
 * <p>NIO is not gated: the JDK's {@code ServerSocketChannel.accept} allocates the channel and its
 * addresses (~800 B per connection), which no caller can avoid.
 */
@Timeout(120)
class ConnectionChurnZeroAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static volatile long mark;

    @Test
    void acceptAnswerAndPeerCloseAllocateNothingOnIoUring() throws Exception {
        AllocationJvm.require();
        final Router router = new Router().get("/p", (q, s) -> s.ok("x")).get("/mark", (q, s) -> {
            mark = THREADS.getCurrentThreadAllocatedBytes(); // read on the shard thread, inside its loop
            s.ok("m");
        });
        try (HttpServer server = HttpTestSupport.start(BackendKind.IO_URING, HttpServerConfig.defaults(), router)) {
            assertEquals("io_uring", server.backendName());
            final StringBuilder windows = new StringBuilder();
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5 && best != 0; round++) {
                final int n = round == 0 ? 3000 : 2000; // the first window warms the accept/close paths up
                get(server.port(), "/mark");
                final long m0 = mark;
                for (int i = 0; i < n; i++) {
                    get(server.port(), "/p");
                }
                get(server.port(), "/mark");
                final long bytes = mark - m0;
                windows.append(bytes).append(' ');
                if (round > 0) {
                    best = Math.min(best, bytes);
                }
            }
            System.out.println("connection churn on io_uring, windows of 2000 connections (bytes): " + windows);
            assertEquals(0, best, "bytes allocated on the shard thread per window of 2000 connections: " + windows);
            HttpTestSupport.awaitNoConnections(server);
            HttpTestSupport.awaitPoolsFull(server);
            assertTrue(server.stats().responses() >= 2000);
        }
    }

    private static void get(int port, String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            final OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // until the server's close
            }
        }
    }
}

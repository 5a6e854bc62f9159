package io.zeroio.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP suite's checks: a run with anything but checked 200s fails, never averaged in. */
class HttpSuiteTest {
    private static final HttpScenario PIPELINED = HttpScenario.byId("plaintext-pipelined");
    private static final Servers.Spec NETTY = HttpServers.byName(HttpServers.BASELINE);

    private static Wrk.Outcome outcome(long requests, long bytes, long statusErrors, long timeouts) {
        final Map<String, String> r = new HashMap<>();
        r.put("requests", Long.toString(requests));
        r.put("bytes", Long.toString(bytes));
        r.put("duration_us", "1000000");
        r.put("status_errors", Long.toString(statusErrors));
        r.put("timeouts", Long.toString(timeouts));
        return new Wrk.Outcome(r, new ServerProcess.Sample(0, 0, 100), new ServerProcess.Sample(2_000_000, 500_000, 1100),
            1_000_000_000L, 400_000_000L, 0, "", List.of());
    }

    @Test
    void aRunOfCheckedResponsesPassesWithItsFigures() {
        final HttpRunResult r = HttpSuite.result(PIPELINED, NETTY, 1, outcome(1000, 1000 * 130 + 16 * 130, 0, 0), 130);
        assertNull(r.error());
        assertEquals(1000, r.requestsPerSecond(), 1e-9);
        assertEquals(2000, r.cpuPerRequestNanos(), 1e-9);
        assertEquals(1.0, r.allocPerRequest(), 1e-9);
        assertEquals(25, r.sysSharePct(), 1e-9);
        assertEquals(40, r.generatorCpuPct(), 1e-9);
    }

    @Test
    void statusErrorsTimeoutsAndAWrongByteCountFailTheRun() {
        assertTrue(HttpSuite.result(PIPELINED, NETTY, 1, outcome(1000, 130_000, 3, 0), 130).error().contains("status>399 3"));
        assertTrue(HttpSuite.result(PIPELINED, NETTY, 1, outcome(1000, 130_000, 0, 1), 130).error().contains("timeout 1"));
        // a few responses of another size (a redirect, a 204) among the 200s: the bytes do not add up
        assertTrue(HttpSuite.result(PIPELINED, NETTY, 1, outcome(1000, 1000 * 100, 0, 0), 130).error()
            .contains("not the checked 200"));
        assertTrue(HttpSuite.result(PIPELINED, NETTY, 1, outcome(0, 0, 0, 0), 130).error().contains("no responses"));
    }

    @Test
    @Timeout(20)
    void thePreflightCheckRefusesARedirectAndAcceptsAPipelinedBatchOfTwoHundreds() throws Exception {
        final String ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!";
        try (OneShotServer good = new OneShotServer(ok.repeat(PIPELINED.depth()))) {
            assertEquals(ok.length(), HttpCheck.verify(good.port(), PIPELINED));
        }
        final String redirect = "HTTP/1.1 301 Moved Permanently\r\nLocation: /\r\nContent-Length: 0\r\n\r\n";
        try (OneShotServer bad = new OneShotServer(redirect.repeat(PIPELINED.depth()))) {
            final IOException e = assertThrows(IOException.class, () -> HttpCheck.verify(bad.port(), PIPELINED));
            assertTrue(e.getMessage().contains("301"), e.getMessage());
        }
        final String wrongBody = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, world!";
        try (OneShotServer bad = new OneShotServer(wrongBody.repeat(PIPELINED.depth()))) {
            final IOException e = assertThrows(IOException.class, () -> HttpCheck.verify(bad.port(), PIPELINED));
            assertTrue(e.getMessage().contains("body"), e.getMessage());
        }
    }

    /** Accepts one connection, reads the request batch, answers {@code reply}. */
    private static final class OneShotServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        OneShotServer(String reply) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = socket.accept()) {
                    final InputStream in = s.getInputStream();
                    final String one = HttpCheck.request(PIPELINED.path(), socket.getLocalPort());
                    in.readNBytes(one.length() * PIPELINED.depth());
                    final OutputStream out = s.getOutputStream();
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.shutdownOutput();
                    in.read();
                } catch (IOException e) {
                    // the test's assertions say what went wrong
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }
}

package io.zeroio.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpHandler;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;
import io.zeroio.runtime.uring.UringBackend;

/** Shared helpers of the HTTP tests: backends, servers, a raw socket client, pool checks, external tools. */
public final class HttpTestSupport {
    private HttpTestSupport() {
    }

    /** NIO always, io_uring where the kernel allows it (on CI: always, so a missing io_uring fails). */
    public static Stream<BackendKind> backends() {
        final List<BackendKind> kinds = new ArrayList<>();
        if (UringBackend.isSupported() || isCi()) {
            kinds.add(BackendKind.IO_URING);
        }
        kinds.add(BackendKind.NIO);
        return kinds.stream();
    }

    /** Whether the tests run under CI ({@code CI=true}). */
    public static boolean isCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** One shard on 127.0.0.1 and an ephemeral port. */
    public static HttpServer start(BackendKind backend, HttpServerConfig config, HttpHandler handler) throws Exception {
        return HttpServer.start(new InetSocketAddress("127.0.0.1", 0), 1, config, backend, handler);
    }

    /** Waits (bounded) until every pool slot of every shard is free, then asserts it. */
    public static void awaitPoolsFull(HttpServer server) throws Exception {
        for (ShardRunner shard : server.runners()) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            PoolStats stats = shard.call(Io::poolStats);
            while (!stats.atFullCapacity() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                stats = shard.call(Io::poolStats);
            }
            assertEquals(0, stats.held(), "pool slots leaked: " + stats);
        }
    }

    /** Waits (bounded) until the server has no open connection. */
    public static void awaitNoConnections(HttpServer server) throws Exception {
        for (ShardRunner shard : server.runners()) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int open = shard.call(Io::openConnections);
            while (open != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                open = shard.call(Io::openConnections);
            }
            assertEquals(0, open, "open connections");
        }
    }

    /** A blocking client socket with a read timeout. */
    public static Socket connect(HttpServer server) throws IOException {
        final Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(5000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Writes ASCII. */
    public static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** A parsed response read off a socket. */
    public record Response(int status, String head, byte[] body) {
        /** The body as text. */
        public String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        /** A header value (case-insensitive name), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                final int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).equalsIgnoreCase(name)) {
                    return line.substring(c + 1).trim();
                }
            }
            return null;
        }
    }

    /** Reads one response (Content-Length or chunked or to EOF); {@code headRequest}: no body follows. */
    public static Response read(InputStream in, boolean headRequest) throws IOException {
        final String head = readHead(in);
        if (head == null) {
            return null;
        }
        final int status = Integer.parseInt(head.substring(9, 12));
        final Response shell = new Response(status, head, new byte[0]);
        if (headRequest || status == 100 || status == 204 || status == 304) {
            return shell;
        }
        final String cl = shell.header("Content-Length");
        if (cl != null) {
            return new Response(status, head, in.readNBytes(Integer.parseInt(cl)));
        }
        if ("chunked".equalsIgnoreCase(shell.header("Transfer-Encoding"))) {
            final ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (;;) {
                final String size = readLine(in);
                final int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return new Response(status, head, body.toByteArray());
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
        }
        return new Response(status, head, in.readAllBytes());
    }

    private static String readHead(InputStream in) throws IOException {
        final StringBuilder b = new StringBuilder();
        for (;;) {
            final int c = in.read();
            if (c < 0) {
                return b.isEmpty() ? null : b.toString();
            }
            b.append((char) c);
            if (b.length() >= 4 && b.charAt(b.length() - 1) == '\n' && b.charAt(b.length() - 2) == '\r'
                && b.charAt(b.length() - 3) == '\n' && b.charAt(b.length() - 4) == '\r') {
                return b.toString();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        final StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0;) {
            if (c == '\n') {
                return b.toString().endsWith("\r") ? b.substring(0, b.length() - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** Whether the server closed: the next read sees EOF (or a reset) within the socket's timeout. */
    public static boolean closedByServer(Socket s) throws IOException {
        try {
            final InputStream in = s.getInputStream();
            while (true) {
                final int c = in.read();
                if (c < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // RST counts as closed
        }
    }

    /**
     * Skips the test unless {@code tool} is on the PATH — except under CI, where a missing tool fails
     * (.ci/run installs it).
     */
    public static void requireTool(String tool, String aptPackage) {
        final boolean present = Stream.of(System.getenv("PATH").split(":"))
            .anyMatch(d -> new java.io.File(d, tool).canExecute());
        if (!present && isCi()) {
            throw new AssertionError(tool + " is not installed; CI must install the apt package " + aptPackage);
        }
        Assumptions.assumeTrue(present, tool + " not installed (apt-get install " + aptPackage + "); skipped");
    }

    /** Runs a command (bounded) and returns {exit code, stdout+stderr}. */
    public static ProcessOutput run(long timeoutSeconds, String... command) throws Exception {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[][] out = new byte[1][];
        final Thread reader = Thread.ofPlatform().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(2000);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        reader.join(5000);
        return new ProcessOutput(p.exitValue(), new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
    }

    /** What a command printed. */
    public record ProcessOutput(int exitCode, String output) {
    }
}

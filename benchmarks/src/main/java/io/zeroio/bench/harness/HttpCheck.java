package io.zeroio.bench.harness;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The pre-flight check before every measured HTTP run: one connection sends the scenario's batch
 * exactly as the wrk script does ({@code depth} identical {@code GET path HTTP/1.1} requests with
 * wrk's {@code Host} header, in one write) and reads every response, which must be a
 * {@code 200} with {@code Content-Length}, the scenario's media type and body, no
 * {@code Connection: close}, and all of one size. That size is what the measured run's byte count
 * is checked against: wrk itself only counts statuses above 399 as errors.
 */
public final class HttpCheck {
    private HttpCheck() {
    }

    /** The request wrk sends for {@code path} to {@code 127.0.0.1:port} (wrk.format() with no arguments). */
    public static String request(String path, int port) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
    }

    /**
     * Sends the batch and checks the responses; returns the size of one response in bytes.
     *
     * @throws IOException with what was wrong (wrong status, type, body, size, or no answer within 5 s)
     */
    public static int verify(int port, HttpScenario scenario) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            final OutputStream out = socket.getOutputStream();
            out.write(request(scenario.path(), port).repeat(scenario.depth()).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = new BufferedInputStream(socket.getInputStream());
            int size = -1;
            for (int i = 0; i < scenario.depth(); i++) {
                final int n = response(in, scenario, i);
                if (size >= 0 && n != size) {
                    throw new IOException("response " + (i + 1) + " of the batch is " + n + " bytes, the first was " + size);
                }
                size = n;
            }
            return size;
        }
    }

    private static int response(InputStream in, HttpScenario scenario, int index) throws IOException {
        final String what = scenario.path() + " response " + (index + 1) + "/" + scenario.depth();
        int size = 0;
        final String status = line(in, what);
        size += status.length() + 2;
        if (!status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException(what + ": status line '" + status + "', expected HTTP/1.1 200");
        }
        int length = -1;
        String type = null;
        for (;;) {
            final String header = line(in, what);
            size += header.length() + 2;
            if (header.isEmpty()) {
                break;
            }
            final int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException(what + ": malformed header '" + header + "'");
            }
            final String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            final String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "content-type" -> type = value;
                case "connection" -> {
                    if (value.equalsIgnoreCase("close")) {
                        throw new IOException(what + ": Connection: close on a keep-alive benchmark");
                    }
                }
                case "transfer-encoding" -> throw new IOException(what + ": Transfer-Encoding " + value
                    + " (the benchmark expects Content-Length)");
                default -> { }
            }
        }
        if (length < 0) {
            throw new IOException(what + ": no Content-Length");
        }
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(scenario.expectedType())) {
            throw new IOException(what + ": Content-Type " + type + ", expected " + scenario.expectedType());
        }
        final byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException(what + ": body ended after " + body.length + " of " + length + " bytes");
        }
        final String text = new String(body, StandardCharsets.UTF_8);
        if (!text.equals(scenario.expectedBody())) {
            throw new IOException(what + ": body '" + text + "', expected '" + scenario.expectedBody() + "'");
        }
        return size + length;
    }

    private static String line(InputStream in, String what) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (;;) {
            final int c = in.read();
            if (c < 0) {
                throw new IOException(what + ": connection closed mid-response");
            }
            if (c == '\n') {
                final byte[] l = b.toByteArray();
                if (l.length == 0 || l[l.length - 1] != '\r') {
                    throw new IOException(what + ": bare LF in the head");
                }
                return new String(l, 0, l.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            if (b.size() > 8192) {
                throw new IOException(what + ": head line longer than 8 KiB");
            }
        }
    }
}

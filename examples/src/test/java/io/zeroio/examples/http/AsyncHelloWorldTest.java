package io.zeroio.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;

/**
 * {@code bin/zero-io http --mode streams|actors}: /plaintext and /json answered by a Pekko Streams
 * flow or an actor per connection, checked with curl (keep-alive: several URLs on one connection),
 * in process (pools full afterwards) and as the launcher's process ({@code HelloWorldServer.main}).
 */
@Timeout(120)
class AsyncHelloWorldTest {
    private static final String EXPECTED = HelloWorldServer.PLAINTEXT + "|1\n" + HelloWorldServer.JSON + "|0\n"
        + HelloWorldServer.PLAINTEXT + "|0\n" + HelloWorldServer.JSON + "|0\n";

    private static void requireCurl() {
        final boolean present = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> new java.io.File(d, "curl").canExecute());
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("curl is not installed; CI must install the apt package curl");
        }
        Assumptions.assumeTrue(present, "curl not installed; skipped");
    }

    /** curl: four requests on one keep-alive connection; returns its output ("body|num_connects" lines). */
    private static String curl(int port) throws Exception {
        final String base = "http://127.0.0.1:" + port;
        final Process p = new ProcessBuilder("curl", "--http1.1", "-s", "-w", "|%{num_connects}\\n",
            base + "/plaintext", base + "/json", base + "/plaintext", base + "/json").redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams", "actors"})
    void servesBothEndpointsInProcess(String mode) throws Exception {
        requireCurl();
        try (AsyncHelloWorld server = AsyncHelloWorld.start(mode, new InetSocketAddress("127.0.0.1", 0), BackendKind.AUTO, 2)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(EXPECTED, curl(server.port()), mode);
            }
            final var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            final var missing = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port() + "/nope")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            client.close();
            for (var runner : server.server().runners()) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                PoolStats stats = runner.call(Io::poolStats);
                while (!stats.atFullCapacity() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                    stats = runner.call(Io::poolStats);
                }
                assertTrue(stats.atFullCapacity(), "pool slots leaked: " + stats);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams", "actors", "inline"})
    void launcherProcessServesTheMode(String mode) throws Exception {
        requireCurl();
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(System.getProperty("zeroio.jvmFlags",
            "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-exports java.base/jdk.internal.misc=ALL-UNNAMED").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HelloWorldServer.class.getName(),
            "--port", "0", "--mode", mode));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            final BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            final Pattern listening = Pattern.compile("zero-io http \\(" + mode + "\\) listening on http://127\\.0\\.0\\.1:(\\d+)");
            int port = -1;
            final StringBuilder seen = new StringBuilder();
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                final Matcher m = listening.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(port > 0, "no listening line in:\n" + seen);
            assertEquals(EXPECTED, curl(port), mode);
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook closes the server
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server process did not stop on SIGTERM");
        }
    }
}

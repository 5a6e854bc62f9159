package io.zeroio.bench.servers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.zeroio.bench.servers.BenchServer;
import io.zeroio.examples.Launcher;

/**
 * The examples' hello world exactly as {@code bin/zero-io http --port P --mode M --backend io-uring}
 * starts it, run in this JVM on a daemon thread ({@link Launcher#run}, which never exits the JVM):
 * the way to benchmark an HTTP mode without a class of its own here, e.g. {@code streams} and
 * {@code actors} once {@code HttpCommand} knows them. {@link #start} returns once the port accepts a
 * connection, or fails with the command's own message (for instance "--mode streams is not built
 * yet"), which the suite reports as the reason the server did not run. No pool health: the
 * launcher keeps its server to itself ({@code n/a}); the process exit's shutdown hook closes it.
 */
public final class LauncherHttpServer implements BenchServer {
    private final String mode;
    private Thread thread;

    /** The {@code bin/zero-io http} server in {@code --mode mode}. */
    public LauncherHttpServer(String mode) {
        this.mode = mode;
    }

    @Override
    public void start(int port) throws Exception {
        final ByteArrayOutputStream said = new ByteArrayOutputStream();
        final PrintStream both = new PrintStream(new Tee(said, System.err), true, StandardCharsets.UTF_8);
        final int[] code = {Integer.MIN_VALUE};
        thread = Thread.ofPlatform().daemon().name("zero-io-http-" + mode).start(() -> {
            final int c = Launcher.run(List.of("http", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--mode", mode, "--backend", "io-uring"), both, both);
            synchronized (code) {
                code[0] = c;
            }
        });
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                synchronized (code) {
                    // exit code 0: the command returned but may serve on threads of its own; keep probing the port
                    if (code[0] != 0) {
                        throw new IllegalStateException("bin/zero-io http --mode " + mode + " ended with exit code "
                            + code[0] + ": " + said.toString(StandardCharsets.UTF_8).strip().lines().findFirst().orElse(""));
                    }
                }
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("bin/zero-io http --mode " + mode + " did not listen on " + port + " within 60 s");
    }

    @Override
    public void close() {
        // the launcher's shutdown hook closes its server when ServerMain exits the JVM
    }

    /** Copies every byte to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}

package io.zeroio.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles the C programs of the suite (the load generator and the C io_uring echo) from the
 * sources on the classpath ({@code io/zeroio/bench/c/*.c}, copied there from
 * {@code benchmarks/src/main/c}) with {@code gcc -O2}, into a cache directory keyed by the
 * source's hash, so a run compiles each program at most once.
 */
public final class Toolchain {
    private final Path dir;

    /** Binaries go under {@code dir}. */
    public Toolchain(Path dir) {
        this.dir = dir;
    }

    /** The default cache: {@code $TMPDIR/zero-io-bench}. */
    public static Toolchain defaultCache() {
        return new Toolchain(Path.of(System.getProperty("java.io.tmpdir"), "zero-io-bench"));
    }

    /** The load generator (needs gcc). */
    public Path loadgen() throws IOException {
        return compile("loadgen.c", List.of());
    }

    /** The C io_uring echo server (needs gcc and liburing-dev). */
    public Path uringEcho() throws IOException {
        return compile("uring_echo.c", List.of("-luring"));
    }

    /** gcc's version line, or "gcc: unavailable". */
    public static String gccVersion() {
        return Shell.firstLine(List.of("gcc", "--version"), "gcc: unavailable");
    }

    private Path compile(String source, List<String> libs) throws IOException {
        final byte[] code;
        try (InputStream in = Toolchain.class.getResourceAsStream("/io/zeroio/bench/c/" + source)) {
            if (in == null) {
                throw new IOException("C source " + source + " is not on the classpath (io/zeroio/bench/c/)");
            }
            code = in.readAllBytes();
        }
        final String name = source.substring(0, source.length() - 2);
        final Path exe = dir.resolve(name + "-" + hash(code));
        if (Files.isExecutable(exe)) {
            return exe;
        }
        Files.createDirectories(dir);
        final Path src = Files.createTempFile(dir, name, ".c");
        Files.write(src, code);
        final Path tmp = dir.resolve(exe.getFileName() + ".tmp" + ProcessHandle.current().pid());
        final List<String> cmd = new java.util.ArrayList<>(List.of("gcc", "-O2", "-o", tmp.toString(), src.toString()));
        cmd.addAll(libs);
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("gcc timed out compiling " + source);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted compiling " + source, e);
        } finally {
            Files.deleteIfExists(src);
        }
        if (p.exitValue() != 0) {
            throw new IOException("gcc failed on " + source + " (" + String.join(" ", cmd) + "):\n" + out);
        }
        Files.move(tmp, exe, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return exe;
    }

    private static String hash(byte[] code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.zeroio.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small helpers to run a command and read its output (control path only). */
final class Shell {
    private Shell() {
    }

    /** The command's whole output (stdout and stderr), or {@code fallback} when it cannot run. */
    static String output(List<String> cmd, String fallback) {
        try {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fallback;
            }
            return p.exitValue() == 0 ? out : fallback;
        } catch (IOException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    /** The first line of the command's output, or {@code fallback}. */
    static String firstLine(List<String> cmd, String fallback) {
        final String out = output(cmd, null);
        if (out == null || out.isBlank()) {
            return fallback;
        }
        return out.lines().findFirst().orElse(fallback).trim();
    }
}

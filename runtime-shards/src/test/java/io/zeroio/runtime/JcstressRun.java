package io.zeroio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One forked jcstress run and its parsed console output (test infrastructure for
 * {@link JcstressGateTest} and the known-bug probes).
 *
 * <p>jcstress runs in a forked JVM: the Java 25 binary running the calling test
 * ({@code ProcessHandle.current().info().command()}) over the surefire test classpath; jcstress forks
 * its worker JVMs from that one, with {@link #WORKER_FLAGS}. jcstress 0.16 exits 0 even when tests
 * fail, so the verdict comes from the final "(Results: N planned; P passed, F failed, S soft errs,
 * H hard errs)" line and the per-test "[OK] name" lines of the verbose report.
 */
public final class JcstressRun {
    /** Worker JVM flags: the ones the root pom gives surefire ({@code zeroio.jvmFlags}). */
    public static final String WORKER_FLAGS =
        "--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED"
            + " --sun-misc-unsafe-memory-access=allow";

    private static final Pattern SUMMARY = Pattern.compile(
        "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    /** The whole console output. */
    public final String output;
    /** The jcstress process's exit code. */
    public final int exitCode;
    /** Where the console output was saved. */
    public final Path log;

    private JcstressRun(String output, int exitCode, Path log) {
        this.output = output;
        this.exitCode = exitCode;
        this.log = log;
    }

    /**
     * Runs exactly {@code tests} (jcstress names: {@code package.Outer.Nested}).
     *
     * @param mode {@code quick} (one JVM configuration, C2 with scheduling randomizers, 1 s per test)
     *             or {@code full} (jcstress {@code -m default}: every configuration it can probe)
     */
    public static JcstressRun run(List<String> tests, String mode, Path reportDir) throws IOException, InterruptedException {
        reportDir = Files.createDirectories(reportDir.toAbsolutePath());
        final String java = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath,
            "org.openjdk.jcstress.Main",
            "-t", regexp(tests),
            "-r", reportDir.toString(),
            "-v"));
        switch (mode) {
            // quick: one JVM configuration, C2 with the instruction-scheduling randomizers
            // (-XX:+StressLCM/GCM/IGVN/CCP, the configuration that finds reorderings), compilation
            // unified across actors, one fork and one 1 s iteration per test: ~20 s for the gate's set.
            case "quick" -> cmd.addAll(List.of("-m", "quick", "-sc", "false", "-f", "1", "-iters", "1", "-time", "1000",
                "-jvmArgs", WORKER_FLAGS + " -XX:+UnlockDiagnosticVMOptions -XX:+StressLCM -XX:+StressGCM"
                    + " -XX:+StressIGVN -XX:+StressCCP"));
            // full: jcstress probes and runs every configuration (interpreter, C1, C2, split
            // per-actor compilation, randomizers), with its default forks and iterations.
            case "full" -> cmd.addAll(List.of("-m", "default", "-jvmArgsPrepend", WORKER_FLAGS));
            default -> throw new IllegalArgumentException("zeroio.jcstress.mode must be quick or full, was " + mode);
        }
        final Path log = reportDir.resolve("console-" + mode + ".log");
        // Working directory = the report directory: jcstress drops its result blob in the current one.
        final Process p = new ProcessBuilder(cmd).directory(reportDir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final long limitMinutes = mode.equals("quick") ? 5 : 180;
        if (!p.waitFor(limitMinutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("jcstress did not finish within " + limitMinutes + " min; log: " + log);
        }
        return new JcstressRun(Files.readString(log, StandardCharsets.UTF_8), p.exitValue(), log);
    }

    /** {@code ^(a|b|c)$}, names quoted: exactly the listed tests. */
    static String regexp(List<String> tests) {
        final StringBuilder sb = new StringBuilder("^(");
        for (int i = 0; i < tests.size(); i++) {
            sb.append(i == 0 ? "" : "|").append(Pattern.quote(tests.get(i)));
        }
        return sb.append(")$").toString();
    }

    /** Fails unless every planned run passed and each of {@code tests} ran and reported [OK]. */
    public void assertAllPassed(List<String> tests) {
        assertEquals(0, exitCode, () -> "jcstress exited with " + exitCode + " (log " + log + "):\n" + tail());
        final Matcher m = SUMMARY.matcher(output);
        long planned = -1;
        long passed = -1;
        long failed = -1;
        long soft = -1;
        long hard = -1;
        while (m.find()) { // the last progress line is the final tally
            planned = Long.parseLong(m.group(1));
            passed = Long.parseLong(m.group(2));
            failed = Long.parseLong(m.group(3));
            soft = Long.parseLong(m.group(4));
            hard = Long.parseLong(m.group(5));
        }
        assertTrue(planned > 0, () -> "no jcstress summary line in the output (log " + log + "):\n" + tail());
        final String tally = planned + " planned, " + passed + " passed, " + failed + " failed, " + soft
            + " soft errors, " + hard + " hard errors";
        assertEquals(0, failed, () -> "jcstress FAILED results (" + tally + "):\n" + failures());
        assertEquals(0, hard + soft, () -> "jcstress ERROR results (" + tally + "):\n" + failures());
        assertEquals(planned, passed, () -> "not every planned jcstress run passed (" + tally + ")\n" + tail());
        for (String test : tests) {
            assertTrue(output.contains("[OK] " + test + "\n") || output.contains("[OK] " + test + "\r"),
                () -> "jcstress test " + test + " did not run or did not pass (log " + log + "):\n" + tail());
        }
    }

    private String failures() {
        final StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : output.split("\n")) {
            if (line.contains("[FAILED]") || line.contains("ERROR]")) {
                in = true;
            } else if (line.contains("[OK]")) {
                in = false;
            }
            if (in) {
                sb.append(line).append('\n');
            }
        }
        return sb.length() == 0 ? tail() : sb.toString();
    }

    private String tail() {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }
}

package io.zeroio.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.IntStream;
import java.util.List;

/**
 * How to start JVM servers and where the C programs are.
 *
 * @param java      the java binary (JDK 25)
 * @param jvmFlags  the project's JVM flags (root pom property zeroio.jvmFlags)
 * @param classpath the benchmarks module's runtime classpath
 * @param toolchain compiles the C programs
 * @param nice      niceness for the servers and the generator (0: unchanged; negative needs root)
 */
public record Launch(Path java, List<String> jvmFlags, String classpath, Toolchain toolchain, int nice) {

    /** The flags every zero-io JVM runs with (keep in step with the root pom's zeroio.jvmFlags). */
    public static final List<String> DEFAULT_JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    /** This JVM's java binary and classpath, the default flags and the default C cache. */
    public static Launch fromCurrentJvm(int nice) {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new Launch(java, DEFAULT_JVM_FLAGS, System.getProperty("java.class.path"), Toolchain.defaultCache(), nice);
    }

    /**
     * The niceness this process may give its children: {@code wanted} when {@code nice -n wanted}
     * really applies it (a negative value needs root), else 0.
     */
    public static int permittedNice(int wanted) {
        if (wanted == 0) {
            return 0;
        }
        final String got = Shell.firstLine(List.of("nice", "-n", Integer.toString(wanted), "nice"), "");
        final int base = Integer.parseInt(Shell.firstLine(List.of("nice"), "0"));
        return got.equals(Integer.toString(base + wanted)) ? wanted : 0;
    }

    /**
     * The CPUs this process may run on ({@code Cpus_allowed_list} in /proc/self/status, proc(5)),
     * ascending; {@code 0..availableProcessors-1} where that cannot be read.
     */
    public static int[] allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    final List<Integer> cpus = new ArrayList<>();
                    for (String part : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                        final String p = part.trim();
                        final int dash = p.indexOf('-');
                        final int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                        final int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
                        for (int c = from; c <= to; c++) {
                            cpus.add(c);
                        }
                    }
                    return cpus.stream().mapToInt(Integer::intValue).toArray();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back below
        }
        return IntStream.range(0, Runtime.getRuntime().availableProcessors()).toArray();
    }

    /** The command prefix that pins to {@code cpu} (-1: no pinning) and applies {@link #nice()}. */
    public List<String> prefix(int cpu) {
        final List<String> p = new ArrayList<>();
        if (nice != 0) {
            p.addAll(List.of("nice", "-n", Integer.toString(nice)));
        }
        if (cpu >= 0) {
            p.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        return p;
    }
}

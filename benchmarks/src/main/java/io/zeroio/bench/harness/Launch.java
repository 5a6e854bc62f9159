package io.zeroio.bench.harness;

import java.nio.file.Path;
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

    /** The command prefix that pins to {@code cpu} (-1: no pinning) and applies {@link #nice()}. */
    public List<String> prefix(int cpu) {
        final List<String> p = new java.util.ArrayList<>();
        if (nice != 0) {
            p.addAll(List.of("nice", "-n", Integer.toString(nice)));
        }
        if (cpu >= 0) {
            p.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        return p;
    }
}

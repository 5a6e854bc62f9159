package io.zeroio.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.reflect.AccessFlag;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * The 0-locks gate (DESIGN.md §5): nothing in the hot-path packages takes a lock or blocks.
 *
 * <ul>
 *   <li>ArchUnit: no dependency on {@code java.util.concurrent.locks}, on any {@link BlockingQueue}
 *       (interface or implementation), no call of {@code Object.wait/notify/notifyAll}, no
 *       {@code synchronized} method.</li>
 *   <li>Bytecode, with the JDK's {@code java.lang.classfile} API: every method of every class file in
 *       those packages is scanned for {@code MONITORENTER} (a {@code synchronized} block, which
 *       ArchUnit cannot see), for {@code ACC_SYNCHRONIZED} and for invocations of
 *       {@code wait/notify/notifyAll}. This is the real check.</li>
 * </ul>
 * The packages are scanned from the main output (and the cascade module's classes or jar), never
 * from the test classes. The gate checks itself: the fixture {@code io.zeroio.gatefixture.LockingFixture}
 * carries each forbidden construct and every check must flag it.
 */
@Timeout(60)
class NoLocksGateTest {
    static final String[] HOT_PATH = {
        "io.zeroio.runtime.pool..", "io.zeroio.runtime.shard..", "io.zeroio.runtime.nio..",
        "io.zeroio.runtime.uring..", "io.zeroio.cascade.."};

    /**
     * The one exemption. {@code ShardRunner} is the control path around a shard, not the hot path: it
     * starts the shard thread and waits for it ({@code CompletableFuture}), and runs control tasks
     * handed in by other threads ({@code ConcurrentLinkedQueue}) between polls. Everything per event
     * or per message stays lock-free; whatever those JDK classes do inside is off the hot path.
     */
    static final String EXEMPT = "io.zeroio.runtime.shard.ShardRunner";

    private static JavaClasses hotPath;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        final ImportOption mainOnly = new NotTestOutput();
        hotPath = new ClassFileImporter().withImportOption(mainOnly)
            .importPackages(packageNames(HOT_PATH));
        fixtures = new ClassFileImporter().importPackages("io.zeroio.gatefixture");
    }

    private static String[] packageNames(String[] patterns) {
        final String[] names = new String[patterns.length];
        for (int i = 0; i < patterns.length; i++) {
            names[i] = patterns[i].substring(0, patterns[i].length() - 2);
        }
        return names;
    }

    // ------------------------------------------------------------------ the rules

    static ArchRule noLockPackage() {
        return noClasses().that(notExempt()).should().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
            .because("hot-path code is lock-free: rings and VarHandle acquire/release instead (DESIGN.md §5)");
    }

    static ArchRule noBlockingQueue() {
        return noClasses().that(notExempt()).should().dependOnClassesThat().areAssignableTo(BlockingQueue.class)
            .because("a blocking queue parks threads; cross-thread work goes through lock-free rings (DESIGN.md §5)");
    }

    static ArchRule noWaitNotify() {
        return noClasses().that(notExempt()).should().callMethodWhere(objectMonitorMethod())
            .because("Object.wait/notify need a monitor: the hot path has none");
    }

    static ArchRule noSynchronizedMethod() {
        return noMethods().that().areDeclaredInClassesThat(notExempt()).should().haveModifier(JavaModifier.SYNCHRONIZED)
            .because("a synchronized method takes a monitor on every call");
    }

    static List<ArchRule> rules() {
        return List.of(noLockPackage(), noBlockingQueue(), noWaitNotify(), noSynchronizedMethod());
    }

    private static DescribedPredicate<JavaClass> notExempt() {
        return DescribedPredicate.describe("are not " + EXEMPT, c -> !c.getName().equals(EXEMPT));
    }

    /** wait(), wait(long), wait(long, int), notify(), notifyAll(): final in Object, whatever the receiver type. */
    private static DescribedPredicate<JavaMethodCall> objectMonitorMethod() {
        return DescribedPredicate.describe("Object.wait/notify/notifyAll", call -> {
            final String name = call.getTarget().getName();
            final List<String> params = call.getTarget().getRawParameterTypes().stream().map(JavaClass::getName).toList();
            return switch (name) {
                case "notify", "notifyAll" -> params.isEmpty();
                case "wait" -> params.isEmpty() || params.equals(List.of("long")) || params.equals(List.of("long", "int"));
                default -> false;
            };
        });
    }

    // ------------------------------------------------------------------ the bytecode scan

    /** One finding of the bytecode scan: "Class.method(descriptor): what". */
    static List<String> scanBytecode(JavaClasses classes) throws IOException {
        final List<String> findings = new ArrayList<>();
        for (JavaClass c : classes) {
            if (c.getName().equals(EXEMPT)) {
                continue;
            }
            findings.addAll(scanClassFile(c.getName(), read(c)));
        }
        return findings;
    }

    static List<String> scanClassFile(String className, byte[] bytes) {
        final List<String> findings = new ArrayList<>();
        final ClassModel model = ClassFile.of().parse(bytes);
        for (MethodModel m : model.methods()) {
            final String where = className + "." + m.methodName().stringValue() + m.methodType().stringValue();
            if (m.flags().has(AccessFlag.SYNCHRONIZED)) {
                findings.add(where + ": ACC_SYNCHRONIZED");
            }
            final CodeModel code = m.code().orElse(null);
            if (code == null) {
                continue;
            }
            code.forEach(element -> {
                if (element instanceof MonitorInstruction mi && mi.opcode() == Opcode.MONITORENTER) {
                    findings.add(where + ": MONITORENTER (synchronized block)");
                } else if (element instanceof InvokeInstruction ii && isMonitorMethod(ii)) {
                    findings.add(where + ": invokes " + ii.name().stringValue() + ii.type().stringValue());
                }
            });
        }
        return findings;
    }

    private static boolean isMonitorMethod(InvokeInstruction ii) {
        final String name = ii.name().stringValue();
        final String type = ii.type().stringValue();
        return (name.equals("wait") && (type.equals("()V") || type.equals("(J)V") || type.equals("(JI)V")))
            || ((name.equals("notify") || name.equals("notifyAll")) && type.equals("()V"));
    }

    private static byte[] read(JavaClass c) throws IOException {
        final URI uri = c.getSource().orElseThrow(() -> new IllegalStateException("no class file for " + c.getName())).getUri();
        try (InputStream in = uri.toURL().openStream()) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ the gate

    @Test
    void hotPathPackagesWereImportedFromMainCode() {
        final Set<String> packages = new TreeSet<>();
        for (JavaClass c : hotPath) {
            packages.add(c.getPackageName());
            assertFalse(c.getSimpleName().endsWith("Test") || c.getSimpleName().endsWith("Stress"),
                () -> "test class imported: " + c.getName());
        }
        // uring joins when the io_uring backend lands; the others must be there now, or the gate checks nothing.
        for (String p : List.of("io.zeroio.runtime.pool", "io.zeroio.runtime.shard", "io.zeroio.runtime.nio", "io.zeroio.cascade")) {
            assertTrue(packages.contains(p), () -> "no classes imported from " + p + "; imported: " + packages);
        }
        assertTrue(hotPath.contain("io.zeroio.runtime.shard.Io$Sink"), "nested classes are part of the scan");
    }

    @Test
    void noLocksNoBlockingQueuesNoWaitNotifyNoSynchronizedMethods() {
        for (ArchRule rule : rules()) {
            rule.check(hotPath);
        }
    }

    @Test
    void noSynchronizedBlocksInTheBytecode() throws IOException {
        final List<String> findings = scanBytecode(hotPath);
        assertEquals(List.of(), findings, "monitors on the hot path");
        assertTrue(hotPath.size() > 40, "scanned " + hotPath.size() + " classes");
    }

    /** The gate can fail: each forbidden construct of the fixture is caught, each by its own check. */
    @Test
    void theGateCatchesEachViolation() throws IOException {
        final JavaClass locking = fixtures.get("io.zeroio.gatefixture.LockingFixture");
        final List<String> found = scanClassFile(locking.getName(), read(locking));
        assertTrue(found.contains("io.zeroio.gatefixture.LockingFixture.synchronizedBlock()I: MONITORENTER (synchronized block)"), found::toString);
        assertTrue(found.contains("io.zeroio.gatefixture.LockingFixture.synchronizedMethod()I: ACC_SYNCHRONIZED"), found::toString);
        assertTrue(found.contains("io.zeroio.gatefixture.LockingFixture.waitAndNotify()V: invokes wait(J)V"), found::toString);
        assertTrue(found.contains("io.zeroio.gatefixture.LockingFixture.waitAndNotify()V: invokes notifyAll()V"), found::toString);

        final JavaClasses onlyLocking = fixtures.that(DescribedPredicate.describe("LockingFixture",
            c -> c.getName().equals("io.zeroio.gatefixture.LockingFixture")));
        for (ArchRule rule : rules()) {
            final EvaluationResult result = rule.evaluate(onlyLocking);
            assertTrue(result.hasViolation(), () -> "rule did not flag the fixture: " + rule.getDescription());
        }

        final JavaClass clean = fixtures.get("io.zeroio.gatefixture.CleanFixture");
        assertEquals(List.of(), scanClassFile(clean.getName(), read(clean)), "lock-free code passes the scan");
        final JavaClasses onlyClean = fixtures.that(DescribedPredicate.describe("CleanFixture",
            c -> c.getName().equals("io.zeroio.gatefixture.CleanFixture")));
        for (ArchRule rule : rules()) {
            assertFalse(rule.evaluate(onlyClean).hasViolation(), () -> "rule flagged lock-free code: " + rule.getDescription());
        }
    }

    /** The exemption is exactly one class: a synchronized block anywhere else in shard would fail. */
    @Test
    void exemptionIsExactlyShardRunner() {
        assertTrue(hotPath.contain(EXEMPT), "the exempt class exists (rename it here if it moves)");
        final JavaClass io = hotPath.get("io.zeroio.runtime.shard.Io");
        assertTrue(notExempt().test(io));
        assertFalse(notExempt().test(hotPath.get(EXEMPT)));
    }

    /** Imports everything except this module's test output (jcstress harnesses, fixtures, tests). */
    static final class NotTestOutput implements ImportOption {
        private final String testOutput;

        NotTestOutput() {
            try {
                testOutput = NoLocksGateTest.class.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean includes(Location location) {
            return !location.asURI().toString().startsWith(testOutput);
        }
    }
}

package io.zeroio.runtime.uring.ffi;

import io.zeroio.runtime.os.Errno;
import io.zeroio.runtime.os.EventFd;
import io.zeroio.runtime.os.Futex;
import io.zeroio.runtime.os.Memory;
import io.zeroio.runtime.os.MemoryConstants;
import io.zeroio.runtime.os.MsgHdr;
import io.zeroio.runtime.os.Multicast;
import io.zeroio.runtime.os.SockAddr;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.os.Syscall;
import io.zeroio.runtime.os.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.UnionLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compiles {@code abi/io_uring_abi.c} with gcc against the installed C and kernel headers, runs it, and
 * compares every struct size, member offset and constant the Java binding declares with what C says.
 * Fails (never skips) when gcc or the headers are missing: CI installs gcc and linux-libc-dev.
 */
class AbiOffsetsTest {

    /** Every struct layout of the binding; each member is checked, anonymous unions flattened as in C. */
    private static final List<GroupLayout> LAYOUTS = List.of(
            IoUringSqe.LAYOUT, IoUringCqe.LAYOUT,
            IoUringParams.SQRING_OFFSETS, IoUringParams.CQRING_OFFSETS, IoUringParams.LAYOUT,
            IoUringBuf.LAYOUT, IoUringBuf.RING_LAYOUT, IoUringBufReg.LAYOUT, IoUringGeteventsArg.LAYOUT,
            KernelTimespec.LAYOUT, IoUringRecvmsgOut.LAYOUT, IoUringProbe.LAYOUT, IoUringProbe.OP_LAYOUT,
            IoUringRsrcRegister.LAYOUT, IoUringRsrcRegister.FILES_UPDATE_LAYOUT,
            SockAddr.SOCKADDR_IN, SockAddr.SOCKADDR_IN6, SockAddr.SOCKADDR_UN,
            MsgHdr.MSGHDR, MsgHdr.IOVEC, MsgHdr.CMSGHDR,
            Multicast.IP_MREQN, Multicast.IP_MREQ, Multicast.IPV6_MREQ);

    /** Classes whose every public static final int/long is an ABI constant named as (or mapped to) C. */
    private static final List<Class<?>> CONSTANT_CLASSES = List.of(
            IoUringConstants.class, SocketConstants.class, MemoryConstants.class, Errno.class, EventFd.class,
            Futex.class, Syscall.class, Memory.class, Threads.class, SockAddr.class);

    @Test
    void everyOffsetSizeAndConstantMatchesTheCHeaders(@TempDir Path dir) throws Exception {
        Map<String, String> c = runCProgram(dir);
        Map<String, Long> java = javaSide();

        List<String> mismatches = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        for (Map.Entry<String, Long> e : java.entrySet()) {
            String cValue = c.get(e.getKey());
            if (cValue == null) {
                mismatches.add(e.getKey() + ": declared in Java, missing from io_uring_abi.c");
            } else if (cValue.equals("unavailable")) {
                unverified.add(e.getKey());
            } else if (!sameValue(e.getKey(), e.getValue(), Long.parseLong(cValue))) {
                mismatches.add(e.getKey() + ": Java " + e.getValue() + " != C " + cValue);
            }
        }
        for (String key : new TreeSet<>(c.keySet())) {
            if (!java.containsKey(key) && !key.equals("LINUX_VERSION_CODE")) {
                mismatches.add(key + ": printed by io_uring_abi.c but not declared in Java");
            }
        }
        System.out.println("ABI check: " + java.size() + " entries against headers of LINUX_VERSION_CODE="
                + c.get("LINUX_VERSION_CODE") + "; newer than these headers, unverified: " + unverified);
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " ABI mismatch(es):\n  " + String.join("\n  ", mismatches));
        }
        assertTrue(java.size() > 500, "suspiciously few ABI entries: " + java.size());
    }

    /** Java int constants are compared as 32-bit patterns (C prints unsigned values such as 1U << 31). */
    private static boolean sameValue(String key, long javaValue, long cValue) {
        if (INT_KEYS.contains(key)) {
            return (int) javaValue == (int) cValue;
        }
        return javaValue == cValue;
    }

    private static final java.util.Set<String> INT_KEYS = new java.util.HashSet<>();

    private static Map<String, Long> javaSide() throws IllegalAccessException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (GroupLayout layout : LAYOUTS) {
            String name = layout.name().orElseThrow(() -> new AssertionError("unnamed layout " + layout));
            out.put("sizeof." + name, layout.byteSize());
            walk(layout, name + ".", 0, out);
        }
        for (Class<?> k : CONSTANT_CLASSES) {
            for (Field f : k.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || !Modifier.isFinal(mod)) {
                    continue;
                }
                long v;
                if (f.getType() == int.class) {
                    v = f.getInt(null);
                    INT_KEYS.add(f.getName());
                } else if (f.getType() == long.class) {
                    v = f.getLong(null);
                } else {
                    continue;
                }
                Long previous = out.put(f.getName(), v);
                assertTrue(previous == null || previous == v,
                        f.getName() + " declared twice with different values: " + previous + ", " + v);
            }
        }
        return out;
    }

    private static void walk(GroupLayout g, String prefix, long base, Map<String, Long> out) {
        boolean union = g instanceof UnionLayout;
        long off = 0;
        for (MemoryLayout m : g.memberLayouts()) {
            long at = base + (union ? 0 : off);
            String n = m.name().orElse(null);
            if (n != null) {
                if (n.startsWith(Layouts.ANON) && m instanceof GroupLayout inner) {
                    walk(inner, prefix, at, out); // C11 anonymous union/struct: members belong to the parent
                } else {
                    out.put(prefix + n, at);
                    if (m instanceof GroupLayout inner) {
                        walk(inner, prefix + n + ".", at, out);
                    }
                }
            }
            if (!union) {
                off += m.byteSize();
            }
        }
    }

    private static Map<String, String> runCProgram(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("io_uring_abi.c");
        try (InputStream in = AbiOffsetsTest.class.getResourceAsStream("/abi/io_uring_abi.c")) {
            assertTrue(in != null, "test resource abi/io_uring_abi.c is missing");
            Files.copy(in, source);
        }
        Path exe = dir.resolve("io_uring_abi");
        String hint = "The ABI check needs gcc and the kernel headers: apt-get install -y gcc linux-libc-dev";
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-std=gnu11", "-Wall", "-Werror", "-o", exe.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run gcc (" + e.getMessage() + "). " + hint, e);
        }
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, gcc.exitValue(), "gcc failed to compile io_uring_abi.c. " + hint + "\n" + gccOut);

        Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "io_uring_abi timed out");
        assertEquals(0, run.exitValue(), "io_uring_abi failed:\n" + output);

        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String previous = values.put(line.substring(0, eq), line.substring(eq + 1).trim());
                assertTrue(previous == null, "io_uring_abi.c prints " + line.substring(0, eq) + " twice");
            }
        }
        return values;
    }
}

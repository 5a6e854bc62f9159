package io.zeroio.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zeroio.runtime.shard.BackendKind;

/** The launcher: its help, its usage errors (exit code 2), and {@code bin/zero-io --help} as a subprocess. */
@Timeout(60)
class LauncherTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int launch(String... args) {
        return Launcher.run(List.of(args), out, err);
    }

    @Test
    void helpListsEverySubcommand() {
        assertEquals(0, launch("--help"));
        for (Launcher.Command c : Launcher.commands()) {
            assertTrue(outBytes.toString().contains(c.name() + " "), c.name() + " missing from:\n" + outBytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                   // no subcommand
        "nope",                               // unknown subcommand
        "echo",                               // no transport
        "echo sctp",                          // unknown transport
        "echo tcp udp",                       // two transports
        "echo tcp --port",                    // option without value
        "echo tcp --port seventy",            // not a number
        "echo tcp --port 65536",              // out of range
        "echo tcp --shards 0",                // out of range
        "echo tcp --backend epoll",           // unknown backend
        "echo tcp --path /tmp/x.sock",        // option of another transport
        "echo uds --port 7000",               // option of another transport
        "echo tcp --colour red",              // unknown option
        "echo tcp -p 1",                      // short options do not exist
        "echo tcp --port 1 --port 2",         // given twice
        "http --mode actor",                  // misspelt mode
        "http --mode carrier-pigeon",         // unknown mode
        "http --port 99999",                  // out of range
        "http extra",                         // positional argument
        "echo tcp --host no.such.host.invalid", // does not resolve
        "demo --port 7100",                   // the demo takes no arguments
    })
    void usageErrorsExitWithTwoAndSayWhy(String line) {
        final String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertEquals(Launcher.USAGE, launch(args), "stderr: " + errBytes);
        assertTrue(errBytes.toString().contains("usage: bin/zero-io"), "no usage line in: " + errBytes);
        assertEquals("", outBytes.toString(), "usage errors go to stderr only");
    }

    @Test
    void optionsParseInBothSpellings() throws Exception {
        final Args args = Args.parse(List.of("tcp", "--port=7100", "--shards", "3"), Set.of("port", "shards", "host"));
        assertEquals(List.of("tcp"), args.positional());
        assertEquals(7100, args.integer("port", 1, 0, 65535));
        assertEquals(3, args.integer("shards", 1, 1, 8));
        assertEquals("127.0.0.1", args.string("host", "127.0.0.1"));
        assertThrows(UsageException.class, () -> args.integer("shards", 1, 1, 2));
    }

    @Test
    void backendNames() throws Exception {
        assertEquals(BackendKind.AUTO, EchoCommand.backend("auto"));
        assertEquals(BackendKind.IO_URING, EchoCommand.backend("io-uring"));
        assertEquals(BackendKind.IO_URING, EchoCommand.backend("io_uring"));
        assertEquals(BackendKind.NIO, EchoCommand.backend("NIO"));
    }

    @Test
    void cpuListsParseLikeTheKernelWritesThem() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 8, 9}, CpuSet.parseList("0-3,6,8-9"));
        assertArrayEquals(new int[] {5}, CpuSet.parseList("5"));
        final int[] allowed = CpuSet.allowed();
        assertTrue(allowed.length >= 1);
        assertEquals(allowed[0], CpuSet.forShard(allowed.length, allowed), "shards wrap around the allowed CPUs");
    }

    @Test
    void scriptHelpExitsZeroAndListsTheSubcommands() throws Exception {
        final Result help = script("--help");
        assertEquals(0, help.code, help.output);
        for (String name : List.of("demo", "echo", "test", "help")) {
            assertTrue(help.output.lines().anyMatch(l -> l.trim().startsWith(name)), name + " missing from:\n" + help.output);
        }
        for (Launcher.Command c : Launcher.commands()) { // the script reads them from Launcher.java
            assertTrue(help.output.contains(c.name() + (c.synopsis().isEmpty() ? "" : " " + c.synopsis())),
                c.name() + " missing from:\n" + help.output);
            assertTrue(help.output.contains(c.summary()), c.summary() + " missing from:\n" + help.output);
        }
        assertEquals(help.output, script("help").output);
    }

    @Test
    void scriptRejectsUnknownSubcommandsWithTwo() throws Exception {
        final Result r = script("frobnicate");
        assertEquals(2, r.code, r.output);
        assertTrue(r.output.contains("unknown subcommand 'frobnicate'"), r.output);
    }

    private record Result(int code, String output) {
    }

    private static Result script(String... args) throws Exception {
        final Path script = Path.of(System.getProperty("user.dir")).resolve("../bin/zero-io").normalize();
        assertTrue(Files.isExecutable(script), script + " must exist and be executable");
        final List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bin/zero-io did not finish");
        return new Result(p.exitValue(), output);
    }
}

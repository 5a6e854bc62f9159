package io.zeroio.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import io.zeroio.runtime.error.ZeroIoException;

/**
 * The one entry point behind {@code bin/zero-io}: {@code Launcher <subcommand> [args...]}.
 *
 * <p>Exit codes: 0 success, 1 failure at run time (the message says why), 2 usage error.
 *
 * <p>Adding a subcommand is one line in {@link #COMMANDS}. {@code bin/zero-io --help} prints its
 * list from those lines of this source file without starting a JVM, so keep each entry on one
 * line, in the form {@code cmd("name", "synopsis", "summary", Class::run),}, with no escaped
 * quotes inside the strings.
 */
public final class Launcher {
    /** Process exit code for a usage error. */
    public static final int USAGE = 2;
    /** Process exit code for a failure at run time. */
    public static final int FAILED = 1;

    /** What a subcommand runs: its arguments after the subcommand name; returns the exit code. */
    @FunctionalInterface
    public interface Main {
        /** Runs the subcommand; throws {@link UsageException} for bad arguments. */
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    /**
     * One subcommand.
     *
     * @param name     what the user types after {@code bin/zero-io}
     * @param synopsis its arguments, for usage lines
     * @param summary  one line for the help list
     * @param main     the code it runs
     */
    public record Command(String name, String synopsis, String summary, Main main) {
        /** The usage line, e.g. {@code bin/zero-io echo tcp|udp|uds [options]}. */
        public String usage() {
            return PROGRAM + " " + name + (synopsis.isEmpty() ? "" : " " + synopsis);
        }
    }

    static final String PROGRAM = "bin/zero-io";

    // One line per subcommand (bin/zero-io reads these lines for its --help; see the class comment).
    private static final List<Command> COMMANDS = List.of(
        cmd("demo", "[--http-port P] [--prometheus-port Q]", "the README demo: HTTP + WebSocket chat page on shards and the Prometheus page; prints both URLs", Demo::run),
        cmd("echo", "tcp|udp|uds [options]", "an echo server until Ctrl-C; --mode inline|streams|islands|actors (echo --help lists the options)", EchoCommand::run),
        cmd("chat", "[--port P] [options]", "actor-per-session chat server on Pekko: every line goes to every other member", io.zeroio.examples.pekko.PekkoCommands::chat),
        cmd("metrics", "[--port P] [--prometheus-port Q]", "streams echo with Kamon metrics on a Prometheus page (curl it)", io.zeroio.examples.pekko.PekkoCommands::metrics),
        cmd("http", "[--port P] [--mode inline|streams|actors|pekko-http]", "HTTP/1.1 hello world (/plaintext, /json) on shards until Ctrl-C", HttpCommand::run),
        cmd("fetch", "URL [--count N]", "GET a URL N times with the shard HTTP client (pooled keep-alive connection)", FetchCommand::run)
    );

    private Launcher() {
    }

    private static Command cmd(String name, String synopsis, String summary, Main main) {
        return new Command(name, synopsis, summary, main);
    }

    /** The subcommands this launcher dispatches to. */
    public static List<Command> commands() {
        return COMMANDS;
    }

    /** Runs {@code args} and exits with the subcommand's code. */
    public static void main(String[] args) {
        final int code = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Dispatches {@code args} (subcommand first) and returns the exit code; never calls
     * {@code System.exit}, so tests can drive it.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(PROGRAM + ": a subcommand is needed");
            printHelp(err);
            return USAGE;
        }
        final String name = args.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            printHelp(out);
            return 0;
        }
        final Command command = find(name);
        if (command == null) {
            err.println(PROGRAM + ": unknown subcommand '" + name + "'");
            printHelp(err);
            return USAGE;
        }
        try {
            return command.main().run(args.subList(1, args.size()), out, err);
        } catch (UsageException e) {
            err.println(PROGRAM + " " + name + ": " + e.getMessage());
            err.println("usage: " + command.usage());
            err.println("       " + PROGRAM + " " + name + " --help   for the options");
            return USAGE;
        } catch (ZeroIoException e) {
            err.println(PROGRAM + " " + name + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(PROGRAM + " " + name + ": interrupted");
            return FAILED;
        } catch (Exception e) {
            err.println(PROGRAM + " " + name + ": failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    /** The command called {@code name}, or null. */
    static Command find(String name) {
        for (Command c : COMMANDS) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The subcommand list, one line each. */
    static void printHelp(PrintStream out) {
        out.println("usage: " + PROGRAM + " <subcommand> [args...]");
        out.println();
        for (Command c : COMMANDS) {
            out.printf("  %-32s %s%n", c.name() + (c.synopsis().isEmpty() ? "" : " " + c.synopsis()), c.summary());
        }
    }
}

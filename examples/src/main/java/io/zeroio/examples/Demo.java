package io.zeroio.examples;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;

import io.zeroio.runtime.error.AddressInUseException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * {@code bin/zero-io demo}, the README's demo: the TCP echo server on 127.0.0.1:7000 with backend
 * {@code auto} (io_uring where the kernel allows it, else NIO), one shard per CPU of the process's
 * cpuset up to {@value #MAX_DEMO_SHARDS}, and a note on how to try it.
 */
final class Demo {
    static final int PORT = 7000;
    static final int MAX_DEMO_SHARDS = 4;

    static final String HELP = """
        usage: bin/zero-io demo

        Starts the TCP echo server on 127.0.0.1:7000 (backend auto, one shard per CPU up to 4) and
        serves until Ctrl-C. For another port, backend or shard count use bin/zero-io echo tcp.
        """;

    static final String TRY_IT = """
        Try it from another terminal:
          nc 127.0.0.1 7000                    type a line, it comes back; Ctrl-D ends
          socat - TCP:127.0.0.1:7000           the same with socat
        """;

    private Demo() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (Args.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        if (!args.isEmpty()) {
            throw new UsageException("demo takes no arguments (got " + args
                + "); for options use: bin/zero-io echo tcp --port P --backend B --shards N");
        }
        final int shards = Math.min(CpuSet.allowed().length, MAX_DEMO_SHARDS);
        final RunningServer server;
        try {
            server = TcpEchoServer.start(new InetSocketAddress("127.0.0.1", PORT), BackendKind.AUTO, shards);
        } catch (AddressInUseException e) {
            err.println("zero-io demo: port " + PORT + " is taken (" + e.getMessage() + ")");
            err.println("  is a demo already running? Or pick another port: bin/zero-io echo tcp --port 7100");
            return Launcher.FAILED;
        }
        return EchoCommand.serve(server, TRY_IT, out, err);
    }
}

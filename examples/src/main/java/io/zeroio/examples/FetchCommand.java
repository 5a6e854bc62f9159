package io.zeroio.examples;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import io.zeroio.examples.http.Fetch;

/**
 * {@code bin/zero-io fetch URL [--count N] [--backend B]}: GETs a URL with the shard HTTP client
 * ({@link Fetch}), N times over its pooled keep-alive connection, and prints the first answer and
 * the client's counters.
 */
final class FetchCommand {
    private static final Set<String> OPTIONS = Set.of("count", "backend");

    static final String HELP = """
        usage: bin/zero-io fetch http://HOST:PORT/PATH [--count N] [--backend B]

        GETs the URL with zero-io's shard HTTP client N times in a row (default 1), each request issued
        on the client shard when the previous answer arrived, so the pooled keep-alive connection is
        reused; prints the first answer's status and body, then the counters.

          --count N      requests (default 1, at most 1000000)
          --backend B    auto | io-uring | nio (default auto)

        Try it:  bin/zero-io http &   bin/zero-io fetch http://127.0.0.1:8080/json --count 10000
        """;

    private FetchCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (Args.wantsHelp(argv)) {
            out.print(HELP);
            return 0;
        }
        final Args args = Args.parse(argv, OPTIONS);
        if (args.positional().size() != 1) {
            throw new UsageException("fetch takes one URL, got " + args.positional());
        }
        final URI url;
        try {
            url = new URI(args.positional().get(0));
        } catch (URISyntaxException e) {
            throw new UsageException("not a URL: " + e.getMessage());
        }
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new UsageException("fetch needs an http://HOST[:PORT]/PATH URL, got '" + url + "'");
        }
        final int count = args.integer("count", 1, 1, 1_000_000);
        try (Fetch fetch = new Fetch(EchoCommand.backend(args.string("backend", "auto")))) {
            final Fetch.Result r = fetch.get(url, count);
            out.println("HTTP " + r.status() + " (client shard on " + fetch.backendName() + ")");
            out.println(Fetch.printable(r.firstBody()));
            out.printf("%d responses in %.1f ms; connections opened %d, requests on a reused connection %d%n",
                r.responses(), r.nanos() / 1e6, r.connectionsOpened(), r.reusedRequests());
            return 0;
        } catch (ExecutionException e) {
            err.println("zero-io fetch: " + e.getCause().getMessage());
            return Launcher.FAILED;
        }
    }
}

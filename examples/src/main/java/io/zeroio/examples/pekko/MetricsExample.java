package io.zeroio.examples.pekko;

import com.typesafe.config.ConfigFactory;

import kamon.Kamon;

/**
 * A streams echo server with Kamon metrics served by the Prometheus reporter on a loopback port:
 * {@code curl http://127.0.0.1:9095/metrics} lists the {@code zeroio_*} series (pool slots per tier
 * and kind, cascade state and transitions, connections, bytes and messages in/out, drops by class).
 */
public final class MetricsExample {
    private final PekkoServer server;
    private final int prometheusPort;

    private MetricsExample(PekkoServer server, int prometheusPort) {
        this.server = server;
        this.prometheusPort = prometheusPort;
    }

    /** Starts Kamon (Prometheus reporter on 127.0.0.1:{@code prometheusPort}) and a streams echo. */
    public static MetricsExample start(String host, int port, int prometheusPort, int shards, String backend) throws Exception {
        Kamon.initWithoutAttaching(ConfigFactory.parseString(
            "kamon.prometheus.embedded-server.hostname = \"127.0.0.1\"\n"
                + "kamon.prometheus.embedded-server.port = " + prometheusPort + "\n"
                + "kamon.metric.tick-interval = 1s\nkamon.init.hide-banner = true\n")
            .withFallback(ConfigFactory.load()));
        final PekkoServer s = PekkoServer.streamsEcho(
            PekkoServer.system("zero-io-metrics", shards, backend, "zero-io.metrics.interval = 500ms\n"), host, port);
        s.system().getWhenTerminated().thenRun(Kamon::stop);
        return new MetricsExample(s, prometheusPort);
    }

    /** The echo server. */
    public PekkoServer server() {
        return server;
    }

    /** Where the Prometheus page is served. */
    public int prometheusPort() {
        return prometheusPort;
    }
}

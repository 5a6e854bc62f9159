package io.zeroio.protocol.http.server;

/** Manual smoke: serves /plaintext on 8080 for 30 s. */
final class HttpServerSmokeMain {
    public static void main(String[] args) throws Exception {
        final Router router = new Router()
            .get("/plaintext", (req, res) -> res.ok("Hello, World!"))
            .websocket("/ws", (session, frame) -> session.send(frame.opcode(), frame.fin(), frame.buffer(), frame.payloadOffset(), frame.payloadLength()))
            .post("/echo", (req, res) -> res.bytes(200, "application/octet-stream", req.body(), 0, req.bodyLength()));
        try (HttpServer s = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 8080), 1,
            io.zeroio.protocol.http.limits.HttpServerConfig.defaults(), io.zeroio.runtime.shard.BackendKind.AUTO, router)) {
            System.out.println("listening " + s.port() + " " + s.backendName());
            Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "30000"));
            System.out.println(s.stats());
        }
    }
}

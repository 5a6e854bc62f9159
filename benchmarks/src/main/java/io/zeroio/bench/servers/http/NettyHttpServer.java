package io.zeroio.bench.servers.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import io.zeroio.bench.servers.BenchServer;
import io.zeroio.examples.http.HelloWorldServer;

/**
 * Netty 4.2's HTTP codec serving the hello world the way the TechEmpower Netty entry does: one
 * event loop, {@link HttpServerCodec} and a handler that answers {@code /plaintext} and
 * {@code /json} with pre-encoded bodies (read-only duplicates of one direct buffer), a cached
 * {@code Date} refreshed every second on the event loop, header validation off; writes on read,
 * flushes on read complete (so pipelined responses leave in one write). Pooled direct buffers.
 */
public final class NettyHttpServer implements BenchServer {
    /** Which native transport. */
    public enum Transport { EPOLL, IO_URING }

    private final Transport transport;
    private EventLoopGroup group;

    /** A server on {@code transport}. */
    public NettyHttpServer(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void start(int port) throws Exception {
        final IoHandlerFactory factory;
        final Class<? extends ServerChannel> serverChannel;
        if (transport == Transport.EPOLL) {
            Epoll.ensureAvailability();
            factory = EpollIoHandler.newFactory();
            serverChannel = EpollServerSocketChannel.class;
        } else {
            IoUring.ensureAvailability();
            factory = IoUringIoHandler.newFactory();
            serverChannel = IoUringServerSocketChannel.class;
        }
        group = new MultiThreadIoEventLoopGroup(1, factory);
        final Clock clock = new Clock();
        group.next().scheduleAtFixedRate(clock::tick, 1, 1, TimeUnit.SECONDS);
        new ServerBootstrap().group(group).channel(serverChannel)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("codec", new HttpServerCodec()).addLast("hello", new Hello(clock));
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", port)).sync();
    }

    @Override
    public void close() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /**
     * The {@code Date} header value, re-formatted once a second on the (single) event loop, where
     * the handlers read it too; volatile because the first value is set on the starting thread.
     */
    static final class Clock {
        private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
        private volatile AsciiString date = new AsciiString(now());

        void tick() {
            date = new AsciiString(now());
        }

        AsciiString date() {
            return date;
        }

        private static String now() {
            return ZonedDateTime.now(ZoneOffset.UTC).format(RFC_1123);
        }
    }

    /** The hello-world handler: pre-encoded bodies, one full response per request. */
    static final class Hello extends ChannelInboundHandlerAdapter {
        private static final ByteBuf PLAINTEXT = constant(HelloWorldServer.PLAINTEXT);
        private static final ByteBuf JSON = constant(HelloWorldServer.JSON);
        private static final ByteBuf NOT_FOUND = constant("Not Found");
        private static final AsciiString TEXT = AsciiString.cached("text/plain");
        private static final AsciiString JSON_TYPE = AsciiString.cached("application/json");
        private static final AsciiString SERVER = AsciiString.cached("netty");
        private static final AsciiString PLAINTEXT_LENGTH = AsciiString.cached(Integer.toString(PLAINTEXT.readableBytes()));
        private static final AsciiString JSON_LENGTH = AsciiString.cached(Integer.toString(JSON.readableBytes()));
        private static final AsciiString NOT_FOUND_LENGTH = AsciiString.cached(Integer.toString(NOT_FOUND.readableBytes()));
        private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

        private final Clock clock;

        Hello(Clock clock) {
            this.clock = clock;
        }

        private static ByteBuf constant(String s) {
            return Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8)))
                .asReadOnly();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    final String uri = request.uri();
                    if (uri.equals("/plaintext")) {
                        ctx.write(response(HttpResponseStatus.OK, PLAINTEXT, TEXT, PLAINTEXT_LENGTH), ctx.voidPromise());
                    } else if (uri.equals("/json")) {
                        ctx.write(response(HttpResponseStatus.OK, JSON, JSON_TYPE, JSON_LENGTH), ctx.voidPromise());
                    } else {
                        ctx.write(response(HttpResponseStatus.NOT_FOUND, NOT_FOUND, TEXT, NOT_FOUND_LENGTH), ctx.voidPromise());
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private FullHttpResponse response(HttpResponseStatus status, ByteBuf body, AsciiString type, AsciiString length) {
            final FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body.duplicate(),
                HEADERS, HEADERS);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.SERVER, SERVER)
                .set(HttpHeaderNames.DATE, clock.date()).set(HttpHeaderNames.CONTENT_LENGTH, length);
            return r;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

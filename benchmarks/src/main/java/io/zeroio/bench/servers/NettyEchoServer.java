package io.zeroio.bench.servers;

import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The Netty 4.2 echo as Netty's own examples write it: one event loop (one thread) serving the
 * listener, the connections and the datagram channel; {@code channelRead} writes the received
 * buffer back, {@code channelReadComplete} flushes. Pooled direct buffers (Netty's default).
 */
public final class NettyEchoServer implements EchoServer {
    /** Which native transport. */
    public enum Transport { EPOLL, IO_URING }

    private final Transport transport;
    private EventLoopGroup group;

    /** A server on {@code transport}. */
    public NettyEchoServer(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void start(int port) throws Exception {
        final IoHandlerFactory factory;
        final Class<? extends ServerChannel> serverChannel;
        final Class<? extends DatagramChannel> datagramChannel;
        if (transport == Transport.EPOLL) {
            Epoll.ensureAvailability();
            factory = EpollIoHandler.newFactory();
            serverChannel = EpollServerSocketChannel.class;
            datagramChannel = EpollDatagramChannel.class;
        } else {
            IoUring.ensureAvailability();
            factory = IoUringIoHandler.newFactory();
            serverChannel = IoUringServerSocketChannel.class;
            datagramChannel = IoUringDatagramChannel.class;
        }
        group = new MultiThreadIoEventLoopGroup(1, factory);
        final InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        new ServerBootstrap().group(group).channel(serverChannel)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(StreamEcho.INSTANCE)
            .bind(at).sync();
        new Bootstrap().group(group).channel(datagramChannel).handler(DatagramEcho.INSTANCE).bind(at).sync();
    }

    @Override
    public boolean udp() {
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    /** Writes every received buffer back; flushes once per read batch. */
    @ChannelHandler.Sharable
    static final class StreamEcho extends ChannelInboundHandlerAdapter {
        static final StreamEcho INSTANCE = new StreamEcho();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
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

    /** Sends every datagram back to its sender (the buffer changes hands, no copy). */
    @ChannelHandler.Sharable
    static final class DatagramEcho extends ChannelInboundHandlerAdapter {
        static final DatagramEcho INSTANCE = new DatagramEcho();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            final DatagramPacket packet = (DatagramPacket) msg;
            ctx.write(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}

package io.doriscdc.emulator.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import javax.net.ssl.SSLEngine;

import io.doriscdc.emulator.EmulatorException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The FE port and the BE ports on 127.0.0.1 (§1.1 topology), served by one Netty event loop
 * group. BEs can be stopped (port closed, connections dropped) and restarted on the same port.
 *
 * <p>With a TLS context ({@code enable_https}) every BE port speaks HTTPS only, as a BE's
 * {@code webserver_port} does with {@code enable_https=true} and {@code ssl_certificate_path} /
 * {@code ssl_private_key_path} ({@code doris:be/src/common/config.cpp}). The FE gets two ports, like
 * an FE with {@code enable_https}: the HTTPS port ({@code https_port}), whose Stream Load redirects
 * keep the request's scheme ({@code RestBaseController.getRedirectUrL}: {@code new URI(request.getScheme(), ...)}),
 * and the plain {@code http_port}, which answers Stream Load and 2PC requests with a 307 to the same
 * path on the HTTPS port ({@code LoadAction}: {@code if (needRedirect(request.getScheme())) return redirectToHttps(request)}).
 *
 * <p>Thread-safe.
 */
final class NettyCluster implements AutoCloseable {
    private final EmulatorRuntime rt;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
    private final List<Integer> bePorts = new ArrayList<>();
    private final List<Channel> beChannels = new ArrayList<>();
    private final List<ChannelGroup> beConnections = new ArrayList<>();
    private Channel feChannel;
    private Channel feHttpsChannel;
    private int fePort;
    private int feHttpsPort = -1;
    private int deadPort;
    private ScheduledFuture<?> sweeper;

    NettyCluster(EmulatorRuntime rt) {
        this.rt = rt;
    }

    ScheduledExecutorService scheduler() {
        return group;
    }

    synchronized void start() {
        try {
            if (rt.config.https()) {
                feHttpsChannel = bind(0, null, true, local -> new FeHandler(rt, this, "https", -1));
                feHttpsPort = ((InetSocketAddress) feHttpsChannel.localAddress()).getPort();
            }
            int httpsPort = feHttpsPort;
            feChannel = bind(0, null, false, local -> new FeHandler(rt, this, "http", httpsPort));
            fePort = ((InetSocketAddress) feChannel.localAddress()).getPort();
            for (int i = 0; i < rt.config.backends(); i++) {
                ChannelGroup conns = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
                Channel ch = bindBackend(0, conns);
                beConnections.add(conns);
                beChannels.add(ch);
                bePorts.add(((InetSocketAddress) ch.localAddress()).getPort());
            }
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                deadPort = s.getLocalPort();
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            close();
            throw new EmulatorException("could not bind the emulator's ports on 127.0.0.1: " + e.getMessage(), e);
        }
        sweeper = group.scheduleAtFixedRate(rt.txns::sweep, 50, 50, TimeUnit.MILLISECONDS);
    }

    private Channel bindBackend(int port, ChannelGroup conns) throws InterruptedException {
        return bind(port, conns, rt.config.https(), local -> new BeHandler(rt, local));
    }

    private Channel bind(int port, ChannelGroup conns, boolean tls, IntFunction<ChannelHandler> handler) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (conns != null) {
                            conns.add(ch);
                        }
                        int local = ch.localAddress().getPort();
                        if (tls) {
                            SSLEngine engine = rt.config.tls().createSSLEngine();
                            engine.setUseClientMode(false);
                            ch.pipeline().addLast(new SslHandler(engine));
                        }
                        ch.pipeline().addLast(new FramingAwareRequestDecoder(), new HttpResponseEncoder(), handler.apply(local),
                                CloseOnError.INSTANCE);
                    }
                });
        return b.bind("127.0.0.1", port).sync().channel();
    }

    /** Closes a connection whose handshake or decoding failed (a client that distrusts the certificate, say) without logging it as unhandled. */
    @ChannelHandler.Sharable
    private static final class CloseOnError extends ChannelInboundHandlerAdapter {
        static final CloseOnError INSTANCE = new CloseOnError();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The FE's plain HTTP port ({@code http_port}). */
    int fePort() {
        return fePort;
    }

    /** The FE's HTTPS port ({@code https_port}), or -1 without TLS. */
    int feHttpsPort() {
        return feHttpsPort;
    }

    synchronized List<Integer> backendPorts() {
        return List.copyOf(bePorts);
    }

    int deadPort() {
        return deadPort;
    }

    synchronized boolean isAlive(int index) {
        return beChannels.get(index) != null;
    }

    /** Round-robin over alive BEs (§1.1 BE choice); -1 when none is alive. */
    synchronized int nextAliveBackendPort() {
        int n = bePorts.size();
        for (int attempt = 0; attempt < n; attempt++) {
            int i = (int) (rt.roundRobin.getAndIncrement() % n);
            if (beChannels.get(i) != null) {
                return bePorts.get(i);
            }
        }
        return -1;
    }

    synchronized void stopBackend(int index) {
        checkIndex(index);
        Channel ch = beChannels.set(index, null);
        if (ch != null) {
            ch.close().syncUninterruptibly();
            beConnections.get(index).close().syncUninterruptibly();
        }
    }

    synchronized void startBackend(int index) {
        checkIndex(index);
        if (beChannels.get(index) == null) {
            try {
                beChannels.set(index, bindBackend(bePorts.get(index), beConnections.get(index)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmulatorException("interrupted while restarting backend " + index, e);
            }
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= bePorts.size()) {
            throw new EmulatorException("backend index " + index + " is out of range 0.." + (bePorts.size() - 1));
        }
    }

    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

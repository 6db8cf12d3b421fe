package io.doriscdc.emulator.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.doriscdc.emulator.EmulatorException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The FE port and the BE ports on 127.0.0.1 (§1.1 topology), served by one Netty event loop
 * group. BEs can be stopped (port closed, connections dropped) and restarted on the same port.
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
    private int fePort;
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
            feChannel = bind(0, null, true);
            fePort = ((InetSocketAddress) feChannel.localAddress()).getPort();
            for (int i = 0; i < rt.config.backends(); i++) {
                ChannelGroup conns = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
                Channel ch = bind(0, conns, false);
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

    private Channel bind(int port, ChannelGroup conns, boolean fe) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (conns != null) {
                            conns.add(ch);
                        }
                        int local = ch.localAddress().getPort();
                        ch.pipeline().addLast(new FramingAwareRequestDecoder(), new HttpResponseEncoder(),
                                fe ? new FeHandler(rt, NettyCluster.this) : new BeHandler(rt, local));
                    }
                });
        return b.bind("127.0.0.1", port).sync().channel();
    }

    int fePort() {
        return fePort;
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
                beChannels.set(index, bind(bePorts.get(index), beConnections.get(index), false));
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

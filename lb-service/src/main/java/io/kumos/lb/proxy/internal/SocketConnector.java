package io.kumos.lb.proxy.internal;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;

/**
 * Connects to endpoints over TCP on the client's own event loop, with the connect timeout, half-closure allowed
 * (a FIN is relayed, not taken for the end) and {@code autoRead} off until the connection is wired up.
 */
public final class SocketConnector implements BackendConnector {

    private final Bootstrap template;

    public SocketConnector(NettyTransport transport, Duration connectTimeout) {
        this.template = new Bootstrap()
                .channelFactory(transport.sockets())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, connectTimeout.toMillis())))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false);
    }

    @Override
    public ChannelFuture connect(InetSocketAddress address, EventLoop loop, ChannelHandler handler) {
        return template.clone(loop).handler(handler).connect(address);
    }
}

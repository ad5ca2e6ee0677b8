package io.kumos.lb.proxy.internal;

import java.net.InetSocketAddress;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;

/**
 * Opens the connection to an endpoint. The seam between a {@link ProxyConnection} and the network, so handler
 * tests can hand it {@code EmbeddedChannel}s instead of sockets.
 *
 * <p>Called on the client channel's event loop, and must connect on that same {@code loop}: both halves of a
 * relayed connection then share one thread, with no hand-off and no locking between them.
 */
@FunctionalInterface
public interface BackendConnector {

    /**
     * Starts connecting, never blocking; the future fails on refusal or after the connect timeout.
     *
     * @param handler the backend channel's handler; the channel must start with {@code autoRead} off
     */
    ChannelFuture connect(InetSocketAddress address, EventLoop loop, ChannelHandler handler);
}

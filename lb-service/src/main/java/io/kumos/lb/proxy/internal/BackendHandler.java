package io.kumos.lb.proxy.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The endpoint side of a relayed connection: hands every event to its {@link ProxyConnection}. Each connection
 * attempt has a handler of its own, and only the one whose channel became the connection's endpoint channel
 * speaks for it: an attempt that failed may still report an error or a close after the next one succeeded (epoll
 * signals a refused connect as readable too), and that must not take the relayed connection down with it.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    private final ProxyConnection connection;

    BackendHandler(ProxyConnection connection) {
        this.connection = connection;
    }

    private boolean current(ChannelHandlerContext ctx) {
        return connection.isBackend(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (current(ctx)) {
            connection.fromBackend(message);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current(ctx)) {
            connection.backendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current(ctx)) {
            connection.backendWritabilityChanged();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            if (current(ctx)) {
                connection.backendInputShutdown();
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current(ctx)) {
            connection.backendClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (current(ctx)) {
            connection.failed(cause, true);
        } else {
            ctx.close();
        }
    }
}

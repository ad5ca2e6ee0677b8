package io.kumos.lb.proxy.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;

/** The client side of a relayed connection: hands every event to its {@link ProxyConnection}. */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private final ServicePort service;
    private final BackendConnector connector;
    private ProxyConnection connection;

    FrontendHandler(ServicePort service, BackendConnector connector) {
        this.service = service;
        this.connector = connector;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new ProxyConnection(ctx.channel(), service, connector);
        connection.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        connection.fromClient(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.clientReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.clientWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            connection.clientInputShutdown();
        } else if (event instanceof IdleStateEvent) {
            connection.idle();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.clientClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.failed(cause, false);
    }
}

package io.kumos.gateway.streams;

import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * SPDY/3.1 carried in a WebSocket, as kubectl 1.31+ sends port-forward (subprotocol
 * {@code SPDY/3.1+portforward.k8s.io}; client-go's {@code tunneling_connection.go}): the bytes of the SPDY
 * connection travel as the payloads of binary messages, in both directions, message boundaries meaning nothing. The
 * tunnel feeds them to the same SPDY codec and session as a SPDY upgrade, in an {@link EmbeddedChannel} whose writes
 * go back out as binary messages. The channel is only ever touched under the session's lock.
 */
final class SpdyTunnel {

    static final String SUBPROTOCOL = "SPDY/3.1+" + PortForwardSession.PROTOCOL;

    private SpdyTunnel() {
    }

    /** Serves the WebSocket with the session {@code sessions} makes for the tunnel's channel. */
    static PortForwardSession open(ServerWebSocket socket, Function<Channel, PortForwardSession> sessions) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
                try {
                    if (message instanceof ByteBuf bytes && bytes.isReadable() && !socket.isClosed()) {
                        byte[] copy = new byte[bytes.readableBytes()];
                        bytes.readBytes(copy);
                        socket.writeBinaryMessage(Buffer.buffer(copy));
                    }
                    promise.setSuccess();
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }

            @Override
            public void close(ChannelHandlerContext context, ChannelPromise promise) {
                if (!socket.isClosed()) {
                    socket.close();
                }
                context.close(promise);
            }
        });
        PortForwardSession session = sessions.apply(channel);
        channel.pipeline().addLast(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), session);
        socket.handler(data -> {
            synchronized (session) {
                if (channel.isOpen()) {
                    channel.writeInbound(Unpooled.wrappedBuffer(data.getBytes()));
                }
            }
        });
        socket.closeHandler(closed -> {
            synchronized (session) {
                channel.close();
            }
        });
        return session;
    }
}

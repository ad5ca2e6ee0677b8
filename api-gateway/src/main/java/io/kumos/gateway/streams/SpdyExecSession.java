package io.kumos.gateway.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;

/**
 * The server side of an exec over SPDY/3.1, the protocol kubectl up to 1.29 (and later ones, as a fallback) uses
 * ({@code X-Stream-Protocol-Version: v4.channel.k8s.io}): the client opens one SPDY stream per channel, named by
 * its {@code streamtype} header (error, stdin, stdout, stderr, resize); they are mapped to the channel numbers of
 * the {@code v5.channel.k8s.io} WebSocket the agent speaks.
 *
 * <p>kubectl upgrades with a POST, which the HTTP server only upgrades for GET, so the session takes the
 * connection over: it answers 101 itself and replaces the HTTP handlers with Netty's SPDY codec and itself. Once
 * every stream the request asked for is open, {@code onReady} runs; channel data then flows both ways, and
 * {@link #finish()} (the agent is done) ends every stream and the connection.
 */
final class SpdyExecSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(SpdyExecSession.class);
    /** The v5 channel numbers of the SPDY stream types. */
    private static final Map<String, Integer> CHANNELS =
            Map.of("stdin", 0, "stdout", 1, "stderr", 2, "error", 3, "resize", 4);

    private final Channel channel;
    private final Map<Integer, Integer> streamsByChannel = new HashMap<>();
    private final Map<Integer, Integer> channelsByStream = new HashMap<>();
    private final int expectedStreams;
    private final Runnable onReady;
    private final Consumer<Buffer> toAgent;
    private final Runnable onClose;
    private boolean ready;
    private boolean finished;

    private SpdyExecSession(Channel channel, int expectedStreams, Runnable onReady, Consumer<Buffer> toAgent,
            Runnable onClose) {
        this.channel = channel;
        this.expectedStreams = expectedStreams;
        this.onReady = onReady;
        this.toAgent = toAgent;
        this.onClose = onClose;
    }

    /**
     * Takes the connection over: answers the upgrade with 101 and the chosen protocol version, then speaks SPDY.
     *
     * @param expectedStreams how many streams the request implies (error, plus stdin, stdout, stderr or resize)
     * @param onReady         runs once they are all open
     * @param toAgent         receives v5 frames (channel byte, then data) for the agent
     * @param onClose         runs when the client's connection closes
     */
    static SpdyExecSession takeOver(Channel channel, String protocol, int expectedStreams, Runnable onReady,
            Consumer<Buffer> toAgent, Runnable onClose) {
        SpdyExecSession session = new SpdyExecSession(channel, expectedStreams, onReady, toAgent, onClose);
        SpdyUpgrade.takeOver(channel, protocol, session);
        return session;
    }

    /** Data from the agent on a v5 channel, for the stream of that channel. */
    synchronized void fromAgent(int channelNumber, Buffer data) {
        Integer stream = streamsByChannel.get(channelNumber);
        if (stream == null || finished) {
            return;
        }
        channel.writeAndFlush(new DefaultSpdyDataFrame(stream, Unpooled.wrappedBuffer(data.getBytes())));
    }

    /** The agent is done: every stream ends, then the connection. */
    synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        for (int stream : streamsByChannel.values()) {
            DefaultSpdyDataFrame last = new DefaultSpdyDataFrame(stream);
            last.setLast(true);
            channel.write(last);
        }
        channel.writeAndFlush(new DefaultSpdyGoAwayFrame(0)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object frame) {
        try {
            handle(frame);
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        onClose.run();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debugf("exec: SPDY connection failed: %s", cause.getMessage());
        context.close();
    }

    private synchronized void handle(Object frame) {
        LOG.tracef("exec: SPDY frame in: %s", frame);
        if (frame instanceof SpdySynStreamFrame open) {
            String type = open.headers().getAsString("streamtype");
            Integer number = type == null ? null : CHANNELS.get(type);
            // The reply carries a header: Netty writes no header block at all for none, which Go's SPDY framer
            // cannot read (it expects at least a compressed count of zero).
            DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(open.streamId());
            reply.headers().set("streamtype", type == null ? "" : type);
            channel.writeAndFlush(reply);
            if (number == null) {
                LOG.debugf("exec: ignoring a SPDY stream of type %s", type);
                return;
            }
            streamsByChannel.put(number, open.streamId());
            channelsByStream.put(open.streamId(), number);
            if (!ready && streamsByChannel.size() >= expectedStreams) {
                ready = true;
                onReady.run();
            }
        } else if (frame instanceof SpdyDataFrame data) {
            Integer number = channelsByStream.get(data.streamId());
            int length = data.content().readableBytes();
            if (number != null && length > 0) {
                ByteBuf content = data.content();
                byte[] bytes = new byte[length];
                content.readBytes(bytes);
                toAgent.accept(Buffer.buffer().appendByte((byte) number.intValue()).appendBytes(bytes));
                // SPDY/3.1 flow control: give the client back the window it spent, for the stream and the session.
                channel.write(new DefaultSpdyWindowUpdateFrame(data.streamId(), length));
                channel.writeAndFlush(new DefaultSpdyWindowUpdateFrame(0, length));
            }
            if (number != null && number == 0 && data.isLast()) {
                // stdin is closed: v5 says so with channel 255 naming the closed channel.
                toAgent.accept(Buffer.buffer().appendByte((byte) 255).appendByte((byte) 0));
            }
        } else if (frame instanceof SpdyPingFrame ping) {
            channel.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
        } else if (frame instanceof SpdyRstStreamFrame reset) {
            Integer number = channelsByStream.remove(reset.streamId());
            if (number != null) {
                streamsByChannel.remove(number);
            }
        }
    }
}

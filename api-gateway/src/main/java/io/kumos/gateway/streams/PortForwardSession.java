package io.kumos.gateway.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;

/**
 * The server side of {@code kubectl port-forward}, protocol {@code portforward.k8s.io} over SPDY/3.1, as the kubelet
 * serves it: for each connection kubectl accepts on a local port it opens two streams with the headers
 * {@code streamtype} ({@code error}, then {@code data}), {@code port} and {@code requestid}. The data stream carries
 * the connection both ways; a FIN on it from kubectl half-closes the connection towards the pod. The error stream
 * is read by kubectl to its end: a message there (the pod's port refused, say) is reported and ends the whole
 * port-forward, as upstream. Once the pod's side has ended, both streams end.
 *
 * <p>Each pair of streams becomes one {@link Link} to the pod's node agent, opened by the {@link Connector}; the
 * agent answers with channel frames ({@code [0, data…]}, {@code [3, message…]}) and ends by closing, see
 * {@link #fromAgent} and {@link #agentClosed}.
 *
 * <p>The same session serves the SPDY connection kubectl up to 1.30 upgrades to ({@link SpdyUpgrade}) and the SPDY
 * frames kubectl 1.31+ tunnels through a WebSocket ({@link SpdyTunnel}). Threading: frames from the client arrive on
 * the channel's thread, the agent's on a Vert.x context; every entry point is synchronized on the session, which
 * also serializes the tunnel's embedded channel.
 */
final class PortForwardSession extends ChannelInboundHandlerAdapter {

    /** The agent's side of one forwarded connection: sends {@code [0, data…]} and {@code [255, 0]} (half-close). */
    interface Link {
        void send(Buffer frame);

        void close();
    }

    /** Opens a link to the pod's {@code port} for a pair; the link calls the session back. Must not block. */
    interface Connector {
        Link open(int port, PortForwardSession session, Pair pair);
    }

    /** The two streams of one forwarded connection. */
    static final class Pair {
        private final String requestId;
        private String port;
        private int errorStream = -1;
        private int dataStream = -1;
        private Link link;

        private Pair(String requestId) {
            this.requestId = requestId;
        }

        @Override
        public String toString() {
            return "request " + requestId + " to port " + port;
        }
    }

    private static final Logger LOG = Logger.getLogger(PortForwardSession.class);
    static final String PROTOCOL = "portforward.k8s.io";

    private final Channel channel;
    private final Connector connector;
    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<Integer, Pair> byStream = new HashMap<>();
    private boolean closed;

    PortForwardSession(Channel channel, Connector connector) {
        this.channel = channel;
        this.connector = connector;
    }

    /** How many forwarded connections are open (for tests and logs). */
    synchronized int open() {
        return pairs.size();
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
        List<Link> links;
        synchronized (this) {
            closed = true;
            links = new ArrayList<>();
            pairs.values().forEach(pair -> {
                if (pair.link != null) {
                    links.add(pair.link);
                }
            });
            pairs.clear();
            byStream.clear();
        }
        links.forEach(Link::close);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debugf("port-forward: SPDY connection failed: %s", cause.getMessage());
        context.close();
    }

    private synchronized void handle(Object frame) {
        if (frame instanceof SpdySynStreamFrame open) {
            opened(open);
        } else if (frame instanceof SpdyDataFrame data) {
            Pair pair = byStream.get(data.streamId());
            int length = data.content().readableBytes();
            if (length > 0) {
                channel.write(new DefaultSpdyWindowUpdateFrame(data.streamId(), length));
                channel.writeAndFlush(new DefaultSpdyWindowUpdateFrame(0, length));
            }
            if (pair == null || data.streamId() != pair.dataStream || pair.link == null) {
                return;
            }
            if (length > 0) {
                ByteBuf content = data.content();
                byte[] bytes = new byte[length];
                content.readBytes(bytes);
                pair.link.send(Buffer.buffer(length + 1).appendByte((byte) 0).appendBytes(bytes));
            }
            if (data.isLast()) {
                pair.link.send(Buffer.buffer(new byte[] {(byte) 255, 0}));
            }
        } else if (frame instanceof SpdyRstStreamFrame reset) {
            Pair pair = byStream.get(reset.streamId());
            if (pair != null) {
                LOG.debugf("port-forward: the client reset %s", pair);
                remove(pair);
                if (pair.link != null) {
                    pair.link.close();
                }
            }
        } else if (frame instanceof SpdyPingFrame ping) {
            channel.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
        } else if (frame instanceof SpdyGoAwayFrame) {
            channel.close();
        }
    }

    private void opened(SpdySynStreamFrame open) {
        String type = open.headers().getAsString("streamtype");
        String requestId = open.headers().getAsString("requestid");
        String port = open.headers().getAsString("port");
        // The reply carries a header: Go's SPDY framer cannot read a reply without a header block.
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(open.streamId());
        reply.headers().set("streamtype", type == null ? "" : type);
        channel.writeAndFlush(reply);
        if (!"error".equals(type) && !"data".equals(type)) {
            LOG.debugf("port-forward: refusing a stream of type %s", type);
            channel.writeAndFlush(new DefaultSpdyRstStreamFrame(open.streamId(), SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        Pair pair = pairs.computeIfAbsent(requestId == null ? "" : requestId, Pair::new);
        pair.port = port;
        if (type.equals("error")) {
            pair.errorStream = open.streamId();
        } else {
            pair.dataStream = open.streamId();
        }
        byStream.put(open.streamId(), pair);
        if (pair.errorStream < 0 || pair.dataStream < 0 || pair.link != null) {
            return;
        }
        int number = parsePort(port);
        if (number < 0) {
            // kubelet's words for a port header that is not a port
            writeError(pair, "error parsing port number: " + port);
            end(pair);
            return;
        }
        pair.link = connector.open(number, this, pair);
    }

    /** A port header's number, or -1 when it is not one from 1 to 65535. */
    static int parsePort(String port) {
        if (port == null || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535 ? number : -1;
    }

    /** A frame from the agent for a pair: {@code [0, data…]} for the data stream, {@code [3, message…]} an error. */
    synchronized void fromAgent(Pair pair, Buffer frame) {
        if (closed || pairs.get(pair.requestId) != pair || frame.length() == 0) {
            return;
        }
        int number = frame.getByte(0) & 0xff;
        if (number == 0 && frame.length() > 1) {
            channel.writeAndFlush(new DefaultSpdyDataFrame(pair.dataStream,
                    Unpooled.wrappedBuffer(frame.getBytes(1, frame.length()))));
        } else if (number == 3) {
            writeError(pair, frame.getString(1, frame.length(), StandardCharsets.UTF_8.name()));
        }
    }

    /** The agent's side has ended: both streams end. */
    synchronized void agentClosed(Pair pair) {
        if (closed || pairs.get(pair.requestId) != pair) {
            return;
        }
        end(pair);
    }

    private void writeError(Pair pair, String message) {
        LOG.debugf("port-forward: %s: %s", pair, message);
        channel.writeAndFlush(new DefaultSpdyDataFrame(pair.errorStream,
                Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)));
    }

    private void end(Pair pair) {
        remove(pair);
        for (int stream : new int[] {pair.dataStream, pair.errorStream}) {
            DefaultSpdyDataFrame last = new DefaultSpdyDataFrame(stream);
            last.setLast(true);
            channel.write(last);
        }
        channel.flush();
    }

    private void remove(Pair pair) {
        pairs.remove(pair.requestId, pair);
        byStream.remove(pair.errorStream);
        byStream.remove(pair.dataStream);
    }

    /** Ends the session (the gateway stops): GOAWAY, then the connection closes. */
    synchronized void goAway() {
        channel.writeAndFlush(new DefaultSpdyGoAwayFrame(0)).addListener(ChannelFutureListener.CLOSE);
    }
}

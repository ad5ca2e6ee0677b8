package io.kumos.gateway.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslHandler;

/**
 * The switch of an HTTP/1.1 connection to SPDY/3.1, for exec, attach and port-forward: kubectl upgrades with a
 * POST, which the HTTP server only upgrades for GET, so the connection is taken over: the 101 is written here, the
 * HTTP handlers (all but TLS) are replaced by Netty's SPDY codec and the session's handler.
 */
final class SpdyUpgrade {

    private static final Logger LOG = Logger.getLogger(SpdyUpgrade.class);

    private SpdyUpgrade() {
    }

    /**
     * Answers 101 with {@code protocol} as the negotiated {@code X-Stream-Protocol-Version} and hands the connection,
     * on its event loop, to {@code session}, which then reads SPDY frames.
     */
    static void takeOver(Channel channel, String protocol, ChannelHandler session) {
        channel.eventLoop().execute(() -> {
            ChannelPipeline pipeline = channel.pipeline();
            List<String> names = new ArrayList<>(pipeline.names());
            for (String name : names) {
                ChannelHandler handler = pipeline.get(name);
                if (handler != null && !(handler instanceof SslHandler)) {
                    pipeline.remove(name);
                }
            }
            String response = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: " + protocol + "\r\n\r\n";
            channel.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII));
            pipeline.addLast(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), session);
            LOG.tracef("SPDY pipeline %s (removed %s)", pipeline.names(), names);
            channel.config().setAutoRead(true);
            channel.read();
        });
    }
}

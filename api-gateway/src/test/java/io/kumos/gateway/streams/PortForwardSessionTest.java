package io.kumos.gateway.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.codec.spdy.SpdyWindowUpdateFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import io.vertx.core.buffer.Buffer;

/**
 * The port-forward session between a SPDY client (Netty's codec, speaking as kubectl does) and a fake agent link,
 * over embedded channels: the bytes between them are real SPDY/3.1.
 */
class PortForwardSessionTest {

    private final List<String> links = new ArrayList<>();
    private final List<Buffer> toAgent = new ArrayList<>();
    private final List<PortForwardSession.Pair> pairs = new ArrayList<>();
    private EmbeddedChannel server;
    private EmbeddedChannel client;
    private PortForwardSession session;

    @BeforeEach
    void connect() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        server = new EmbeddedChannel();
        session = new PortForwardSession(server, (port, s, pair) -> {
            links.add("open " + port);
            pairs.add(pair);
            return new PortForwardSession.Link() {
                @Override
                public void send(Buffer frame) {
                    toAgent.add(frame);
                }

                @Override
                public void close() {
                    links.add("close " + port);
                }
            };
        });
        server.pipeline().addLast(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), session);
        client = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    }

    @AfterEach
    void close() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void aPairOfStreamsIsOneConnectionRelayedBothWaysWithHalfCloseAndEnd() {
        open(1, "error", "8080", "0");
        assertEquals(List.of(), links, "the data stream is still to come");
        open(3, "data", "8080", "0");
        assertEquals(List.of("open 8080"), links);
        assertEquals(List.of(1, 3), replies());

        send(new DefaultSpdyDataFrame(3, Unpooled.copiedBuffer("GET /", StandardCharsets.UTF_8)));
        DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(3);
        fin.setLast(true);
        send(fin);
        assertEquals(List.of("\0GET /", "\u00ff\0"), toAgent.stream().map(b -> b.toString(StandardCharsets.ISO_8859_1))
                .toList(), "data, then the half-close");
        assertEquals(1, session.open());

        session.fromAgent(pairs.get(0), Buffer.buffer().appendByte((byte) 0).appendString("200 OK"));
        session.agentClosed(pairs.get(0));
        List<String> frames = received();
        assertTrue(frames.contains("data 3 200 OK"), frames::toString);
        assertTrue(frames.contains("data 3  last"), frames::toString);
        assertTrue(frames.contains("data 1  last"), frames::toString);
        assertEquals(0, session.open());
    }

    @Test
    void anErrorFromTheAgentGoesOnTheErrorStream() {
        open(1, "error", "7777", "4");
        open(3, "data", "7777", "4");
        session.fromAgent(pairs.get(0), Buffer.buffer().appendByte((byte) 3).appendString("connection refused"));
        session.agentClosed(pairs.get(0));
        List<String> frames = received();
        assertTrue(frames.contains("data 1 connection refused"), frames::toString);
        assertTrue(frames.contains("data 1  last"), frames::toString);
    }

    @Test
    void aPortThatIsNoPortIsAnErrorWithoutAnAgent() {
        open(1, "error", "http", "0");
        open(3, "data", "http", "0");
        assertEquals(List.of(), links);
        assertTrue(received().contains("data 1 error parsing port number: http"));
        assertEquals(-1, PortForwardSession.parsePort("70000"));
        assertEquals(-1, PortForwardSession.parsePort("0"));
        assertEquals(65535, PortForwardSession.parsePort("65535"));
    }

    @Test
    void pingsAreAnsweredAndAClosedConnectionClosesItsLinks() {
        send(new DefaultSpdyPingFrame(7));
        assertTrue(received().contains("ping 7"));
        open(1, "error", "80", "0");
        open(3, "data", "80", "0");
        open(5, "error", "81", "1");
        open(7, "data", "81", "1");
        server.close();
        assertTrue(links.containsAll(List.of("close 80", "close 81")), links::toString);
    }

    private void open(int stream, String type, String port, String requestId) {
        DefaultSpdySynStreamFrame open = new DefaultSpdySynStreamFrame(stream, 0, (byte) 0);
        open.headers().set("streamtype", type).set("port", port).set("requestid", requestId);
        send(open);
    }

    /** Encodes a frame as the client would and hands the bytes to the server. */
    private void send(Object frame) {
        client.writeOutbound(frame);
        for (Object bytes = client.readOutbound(); bytes != null; bytes = client.readOutbound()) {
            server.writeInbound(bytes);
        }
    }

    /** What the server wrote, decoded by the client: "data <stream> <text> [last]", "reply <stream>", "ping <id>". */
    private List<String> received() {
        for (Object bytes = server.readOutbound(); bytes != null; bytes = server.readOutbound()) {
            client.writeInbound(bytes);
        }
        List<String> frames = new ArrayList<>();
        for (Object frame = client.readInbound(); frame != null; frame = client.readInbound()) {
            try {
                if (frame instanceof SpdyDataFrame data) {
                    ByteBuf content = data.content();
                    frames.add("data " + data.streamId() + " " + content.toString(StandardCharsets.UTF_8)
                            + (data.isLast() ? " last" : ""));
                } else if (frame instanceof SpdySynReplyFrame reply) {
                    frames.add("reply " + reply.streamId());
                } else if (frame instanceof SpdyPingFrame ping) {
                    frames.add("ping " + ping.id());
                } else if (!(frame instanceof SpdyWindowUpdateFrame)) {
                    frames.add(frame.toString());
                }
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }
        return frames;
    }

    private List<Integer> replies() {
        return received().stream().filter(f -> f.startsWith("reply ")).map(f -> Integer.parseInt(f.substring(6)))
                .toList();
    }
}

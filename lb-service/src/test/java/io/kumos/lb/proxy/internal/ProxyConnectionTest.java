package io.kumos.lb.proxy.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.NotYetConnectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.Route;
import io.kumos.lb.proxy.ServiceKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.DefaultEventExecutorGroup;

/**
 * The relay of one connection, driven through its handlers with {@link EmbeddedChannel}s on both sides; the leak
 * check runs after each test, so every path here must release what it was given.
 */
@ExtendWith(LeakDetection.class)
class ProxyConnectionTest {

    private static final Backend FIRST = new Backend("10.0.0.1", 8080);
    private static final Backend SECOND = new Backend("10.0.0.2", 8080);

    private final DefaultEventExecutorGroup timers = new DefaultEventExecutorGroup(1);
    private final ServicePort service = new ServicePort(new ServiceKey("shop", "web", "http"), timers,
            System::nanoTime);
    private final FakeConnector connector = new FakeConnector();
    private final List<EmbeddedChannel> clients = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        clients.forEach(EmbeddedChannel::finishAndReleaseAll);
        connector.backends.forEach(EmbeddedChannel::finishAndReleaseAll);
        timers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void relaysBothWaysAndCountsTheBytes() {
        routeTo(FIRST);
        DuplexEmbeddedChannel client = accept();
        DuplexEmbeddedChannel backend = connector.backend();

        client.writeInbound(ascii("GET / HTTP/1.1\r\n\r\n"));
        assertEquals("GET / HTTP/1.1\r\n\r\n", readOutbound(backend));
        backend.writeInbound(ascii("HTTP/1.1 204 No Content\r\n\r\n"));
        assertEquals("HTTP/1.1 204 No Content\r\n\r\n", readOutbound(client));

        Endpoint endpoint = service.balancer().ready().get(0);
        assertEquals(18, endpoint.counters().clientToEndpointBytes());
        assertEquals(27, endpoint.counters().endpointToClientBytes());
        assertEquals(18, service.counters().clientToEndpointBytes());
        assertEquals(1, endpoint.counters().active());
        assertEquals(1, service.counters().active());
        client.finishAndReleaseAll();
    }

    @Test
    void refusesAtOnceWhenNoEndpointIsReady() {
        service.update(Route.of(List.of()), Duration.ZERO);
        DuplexEmbeddedChannel client = accept();

        assertFalse(client.isOpen(), "closed right after accept");
        assertTrue(connector.attempts.isEmpty());
        assertEquals(1, service.counters().refusedConnections());
        assertEquals(0, service.counters().active());
    }

    @Test
    void triesTheNextEndpointWhenConnectingFails() {
        routeTo(FIRST, SECOND);
        connector.then(FakeConnector.Outcome.REFUSE, FakeConnector.Outcome.CONNECT);
        DuplexEmbeddedChannel client = accept();

        assertEquals(List.of(FIRST.socketAddress(), SECOND.socketAddress()), connector.attempts);
        client.writeInbound(ascii("hello"));
        assertEquals("hello", readOutbound(connector.backend()));
        assertEquals(1, endpoint(FIRST).counters().connectFailures());
        assertEquals(0, endpoint(FIRST).counters().total());
        assertEquals(1, endpoint(SECOND).counters().active());
        assertEquals(1, service.counters().connectFailures());
        client.finishAndReleaseAll();
    }

    @Test
    void anErrorOnAConnectionStillBeingMadeMovesOnToTheNextEndpoint() {
        routeTo(FIRST, SECOND);
        connector.then(FakeConnector.Outcome.PEND, FakeConnector.Outcome.CONNECT);
        DuplexEmbeddedChannel client = accept();
        DuplexEmbeddedChannel attempt = connector.backend();

        // epoll may report a socket still connecting as readable, and reading it fails (ENOTCONN).
        attempt.pipeline().fireExceptionCaught(new NotYetConnectedException());
        assertFalse(attempt.isOpen(), "the attempt is given up");
        assertTrue(client.isOpen(), "the client is not");
        assertEquals(List.of(FIRST.socketAddress(), SECOND.socketAddress()), connector.attempts);

        client.writeInbound(ascii("still here"));
        assertEquals("still here", readOutbound(connector.backend()));
        assertEquals(1, endpoint(FIRST).counters().connectFailures());
    }

    @Test
    void refusesWhenEveryEndpointFails() {
        routeTo(FIRST, SECOND);
        connector.then(FakeConnector.Outcome.REFUSE, FakeConnector.Outcome.REFUSE);
        DuplexEmbeddedChannel client = accept();

        assertEquals(2, connector.attempts.size(), "each endpoint tried once");
        assertFalse(client.isOpen());
        assertEquals(1, service.counters().refusedConnections());
        assertEquals(2, service.counters().connectFailures());
    }

    @Test
    void readsNothingFromTheClientUntilTheEndpointIsConnected() {
        routeTo(FIRST);
        connector.then(FakeConnector.Outcome.PEND);
        DuplexEmbeddedChannel client = accept();
        assertFalse(client.config().isAutoRead());

        connector.pending.setSuccess();
        assertTrue(client.config().isAutoRead());
        assertTrue(connector.backend().config().isAutoRead());
        client.finishAndReleaseAll();
    }

    @Test
    void whatTheClientSentWhileConnectingIsWrittenFirstAndItsFinAfter() {
        routeTo(FIRST);
        connector.then(FakeConnector.Outcome.PEND);
        DuplexEmbeddedChannel client = accept();
        // epoll reads a peer that half-closed even with autoRead off.
        client.pipeline().fireChannelRead(ascii("early bird"));
        client.pipeline().fireChannelReadComplete();
        client.receiveFin();
        assertTrue(client.isOpen(), "a FIN is no reason to give up the connection");

        connector.pending.setSuccess();
        DuplexEmbeddedChannel backend = connector.backend();
        assertEquals("early bird", readOutbound(backend));
        assertTrue(backend.isOutputShutdown());
        assertEquals(10, service.counters().clientToEndpointBytes());
    }

    @Test
    void aClientGoneWhileConnectingClosesTheEndpointConnection() {
        routeTo(FIRST);
        connector.then(FakeConnector.Outcome.PEND);
        DuplexEmbeddedChannel client = accept();
        client.close();

        connector.pending.setSuccess();
        assertFalse(connector.backend().isOpen());
        assertEquals(0, service.counters().active());
        assertEquals(0, endpoint(FIRST).counters().total(), "never relayed");
    }

    @Test
    void whatAClientSentBeforeLeavingWhileConnectingIsDropped() {
        routeTo(FIRST);
        connector.then(FakeConnector.Outcome.PEND);
        DuplexEmbeddedChannel client = accept();
        client.pipeline().fireChannelRead(ascii("never delivered"));
        client.close();

        connector.pending.setSuccess();
        assertNull(connector.backend().readOutbound());
        // No assertion on the buffer here: the leak check after the test is what fails if it was kept.
    }

    @Test
    void stopsReadingOneSideWhileTheOtherCannotTakeMore() {
        routeTo(FIRST);
        DuplexEmbeddedChannel client = accept();
        DuplexEmbeddedChannel backend = connector.backend();
        backend.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));

        // A read of more than the high-water mark, not flushed yet (the flush comes with the end of the read).
        client.pipeline().fireChannelRead(ascii("0123456789abcdefghij"));
        assertFalse(backend.isWritable());
        assertFalse(client.config().isAutoRead(), "client not read while the endpoint's buffer is full");
        client.pipeline().fireChannelReadComplete();
        backend.runPendingTasks();
        assertTrue(backend.isWritable());
        assertTrue(client.config().isAutoRead(), "client read again once the endpoint drained");

        backend.pipeline().fireChannelRead(ascii("0123456789abcdefghij"));
        assertFalse(backend.config().isAutoRead(), "endpoint not read while the client's buffer is full");
        backend.pipeline().fireChannelReadComplete();
        client.runPendingTasks();
        assertTrue(backend.config().isAutoRead());

        assertEquals("0123456789abcdefghij", readOutbound(backend));
        assertEquals("0123456789abcdefghij", readOutbound(client));
        client.finishAndReleaseAll();
    }

    @Test
    void passesAFinOnAfterWhatCameBeforeAndClosesWhenBothSidesAreDone() {
        routeTo(FIRST);
        DuplexEmbeddedChannel client = accept();
        DuplexEmbeddedChannel backend = connector.backend();

        client.writeInbound(ascii("last words"));
        client.receiveFin();
        assertEquals("last words", readOutbound(backend));
        assertTrue(backend.isOutputShutdown(), "the client's FIN went on to the endpoint");
        assertTrue(client.isOpen(), "the endpoint may still answer");

        backend.writeInbound(ascii("answer"));
        assertEquals("answer", readOutbound(client));
        backend.receiveFin();
        assertTrue(client.isOutputShutdown());
        client.runPendingTasks();
        assertFalse(client.isOpen());
        assertFalse(backend.isOpen());
        assertEquals(0, service.counters().active());
        assertEquals(0, endpoint(FIRST).counters().active());
    }

    @Test
    void anEndpointThatClosesHasItsLastBytesDeliveredFirst() {
        routeTo(FIRST);
        DuplexEmbeddedChannel client = accept();
        DuplexEmbeddedChannel backend = connector.backend();

        backend.writeInbound(ascii("bye"));
        backend.close();
        client.runPendingTasks();
        assertEquals("bye", readOutbound(client));
        assertFalse(client.isOpen());
        assertEquals(0, service.counters().active());
    }

    @Test
    void anIdleConnectionIsClosedBothWays() {
        routeTo(FIRST);
        DuplexEmbeddedChannel client = accept();
        client.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertFalse(client.isOpen());
        assertFalse(connector.backend().isOpen());
        assertEquals(0, endpoint(FIRST).counters().active());
    }

    @Test
    void bytesArrivingAfterTheCloseAreReleased() throws Exception {
        routeTo(FIRST);
        DuplexEmbeddedChannel client = accept();
        ChannelHandlerContext frontend = client.pipeline().context(FrontendHandler.class);
        ChannelHandlerContext backend = connector.backend().pipeline().context(BackendHandler.class);
        client.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        // Closed channels no longer have their handlers; a read already on its way would still reach them.
        ByteBuf late = ascii("too late");
        ((ChannelInboundHandler) backend.handler()).channelRead(backend, late);
        ByteBuf later = ascii("later still");
        ((ChannelInboundHandler) frontend.handler()).channelRead(frontend, later);
        assertEquals(0, late.refCnt());
        assertEquals(0, later.refCnt());
        assertNull(client.readOutbound());
    }

    @Test
    void anEndpointRetiredAfterItsDrainClosesItsConnections() {
        routeTo(FIRST);
        DuplexEmbeddedChannel client = accept();

        service.update(Route.of(List.of(SECOND)), Duration.ZERO);
        client.runPendingTasks();
        assertFalse(client.isOpen(), "zero grace: closed as soon as the endpoint left");
        assertEquals(0, service.counters().active());

        DuplexEmbeddedChannel next = accept();
        assertEquals(SECOND.socketAddress(), connector.attempts.get(connector.attempts.size() - 1));
        next.finishAndReleaseAll();
    }

    private void routeTo(Backend... backends) {
        service.update(Route.of(List.of(backends)), Duration.ZERO);
    }

    private DuplexEmbeddedChannel accept() {
        DuplexEmbeddedChannel client = new DuplexEmbeddedChannel();
        clients.add(client);
        client.config().setAutoRead(false);
        client.pipeline().addLast(new FrontendHandler(service, connector));
        client.pipeline().fireChannelActive();
        return client;
    }

    private Endpoint endpoint(Backend backend) {
        return service.balancer().ready().stream().filter(e -> e.backend().equals(backend)).findFirst()
                .orElseThrow();
    }

    private static ByteBuf ascii(String text) {
        return ByteBufAllocator.DEFAULT.directBuffer().writeBytes(text.getBytes(US_ASCII));
    }

    /** Everything written to the channel so far, as text, each buffer released. */
    private static String readOutbound(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf buffer = channel.readOutbound(); buffer != null; buffer = channel.readOutbound()) {
            text.append(buffer.toString(US_ASCII));
            buffer.release();
        }
        return text.toString();
    }
}

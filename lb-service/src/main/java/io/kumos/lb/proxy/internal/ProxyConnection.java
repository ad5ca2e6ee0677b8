package io.kumos.lb.proxy.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import org.jboss.logging.Logger;

import io.kumos.lb.proxy.Backend;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One client connection relayed to one endpoint: the state machine the two thin handlers
 * ({@link FrontendHandler}, {@link BackendHandler}) drive.
 *
 * <pre>
 * CONNECTING ──connected──▶ RELAYING ──either side closes, idle, drain, error──▶ CLOSED
 *     │  └─connect failed: next endpoint (each tried once)
 *     └─no endpoint (left)──▶ CLOSED with a reset (SO_LINGER 0), so the client fails at once
 * </pre>
 *
 * <ul>
 * <li>The client is not read until the endpoint is connected ({@code autoRead} off at accept). What arrives
 * anyway (epoll reads a closing peer regardless) is kept and written first once connected, a FIN after it.</li>
 * <li>Backpressure: when the side written to stops being writable, the other side stops being read, until
 * writability comes back; memory per connection stays near the write buffer high-water mark.</li>
 * <li>Half-close: a FIN from one side becomes a {@code shutdownOutput} towards the other once what came before it
 * was written; the connection closes when both directions are shut.</li>
 * </ul>
 *
 * <p>Confined to the client channel's event loop, which the endpoint channel shares: no field needs locking.
 * {@link #closeFromAnyThread} is the only entry from elsewhere.
 */
public final class ProxyConnection {

    private static final Logger LOG = Logger.getLogger(ProxyConnection.class);

    private enum State { CONNECTING, RELAYING, CLOSED }

    private final Channel client;
    private final ServicePort service;
    private final BackendConnector connector;
    private final InetAddress clientIp;
    private final Set<Backend> tried = new HashSet<>(4);
    private State state = State.CONNECTING;
    private Endpoint endpoint;
    private Channel backend;
    private boolean clientOutputShut;
    private boolean backendOutputShut;
    /** What the client sent before the endpoint was connected, and whether its FIN came too. */
    private final Deque<Object> early = new ArrayDeque<>(2);
    private boolean clientFinishedEarly;

    ProxyConnection(Channel client, ServicePort service, BackendConnector connector) {
        this.client = client;
        this.service = service;
        this.connector = connector;
        SocketAddress remote = client.remoteAddress();
        this.clientIp = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /** Whether this channel is the endpoint side of the connection (not an attempt given up). */
    boolean isBackend(Channel channel) {
        return channel == backend;
    }

    /** The client was accepted: choose an endpoint and connect to it. */
    void start() {
        service.counters().opened();
        connectNext();
    }

    private void connectNext() {
        Endpoint next = service.balancer().pick(clientIp, tried);
        if (next == null) {
            refuse();
            return;
        }
        tried.add(next.backend());
        connector.connect(next.address(), client.eventLoop(), new BackendHandler(this))
                .addListener((ChannelFutureListener) future -> connected(future, next));
    }

    private void connected(ChannelFuture future, Endpoint target) {
        if (state == State.CLOSED) {
            future.channel().close();
            return;
        }
        if (!future.isSuccess()) {
            future.channel().close();
            target.counters().connectFailed();
            service.counters().connectFailed();
            service.balancer().connectFailed(target);
            LOG.debugf("%s: connecting to %s failed (%s); trying the next endpoint", service.key(), target.backend(),
                    future.cause() == null ? "cancelled" : future.cause().toString());
            connectNext();
            return;
        }
        backend = future.channel();
        endpoint = target;
        target.trusted();
        state = State.RELAYING;
        if (!target.opened(this)) {
            endpoint = null;
            close();
            return;
        }
        while (!early.isEmpty()) {
            fromClient(early.poll());
        }
        clientReadComplete();
        if (clientFinishedEarly) {
            clientInputShutdown();
        }
        backend.config().setAutoRead(true);
        if (backend.isWritable()) {
            client.config().setAutoRead(true);
        }
    }

    /** No endpoint is ready, or none answered: reset, so the client sees a refusal now rather than a timeout. */
    private void refuse() {
        service.counters().refused();
        markClosed();
        client.config().setOption(ChannelOption.SO_LINGER, 0);
        client.close();
    }

    void fromClient(Object message) {
        if (state == State.CONNECTING) {
            early.add(message);
            return;
        }
        if (state != State.RELAYING) {
            ReferenceCountUtil.release(message);
            return;
        }
        long bytes = readable(message);
        service.counters().clientToEndpoint(bytes);
        endpoint.counters().clientToEndpoint(bytes);
        backend.write(message, backend.voidPromise());
        if (!backend.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    void fromBackend(Object message) {
        if (state != State.RELAYING) {
            ReferenceCountUtil.release(message);
            return;
        }
        long bytes = readable(message);
        service.counters().endpointToClient(bytes);
        endpoint.counters().endpointToClient(bytes);
        client.write(message, client.voidPromise());
        if (!client.isWritable()) {
            backend.config().setAutoRead(false);
        }
    }

    /** A read burst from the client ended: one flush for all of it. */
    void clientReadComplete() {
        if (state == State.RELAYING) {
            backend.flush();
        }
    }

    void backendReadComplete() {
        if (state == State.RELAYING) {
            client.flush();
        }
    }

    void clientWritabilityChanged() {
        if (state == State.RELAYING && client.isWritable()) {
            backend.config().setAutoRead(true);
        }
    }

    void backendWritabilityChanged() {
        if (state == State.RELAYING && backend.isWritable()) {
            client.config().setAutoRead(true);
        }
    }

    /** The client sent FIN: pass it on once everything it sent before is written. */
    void clientInputShutdown() {
        if (state == State.RELAYING) {
            shutdownOutputAfterFlush(backend, true);
        } else if (state == State.CONNECTING) {
            clientFinishedEarly = true;
        }
    }

    /** The endpoint sent FIN: pass it on to the client the same way. */
    void backendInputShutdown() {
        if (state == State.RELAYING) {
            shutdownOutputAfterFlush(client, false);
        }
    }

    private void shutdownOutputAfterFlush(Channel target, boolean towardsBackend) {
        target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) flushed -> {
            if (!flushed.isSuccess() || !(target instanceof DuplexChannel duplex)) {
                close();
                return;
            }
            duplex.shutdownOutput().addListener((ChannelFutureListener) shut -> {
                if (towardsBackend) {
                    backendOutputShut = true;
                } else {
                    clientOutputShut = true;
                }
                if (!shut.isSuccess() || (backendOutputShut && clientOutputShut)) {
                    close();
                }
            });
        });
    }

    /** The client is gone: what the endpoint was sent still goes out, then that side closes too. */
    void clientClosed() {
        if (state == State.RELAYING) {
            Channel survivor = backend;
            markClosed();
            survivor.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (state == State.CONNECTING) {
            // The pending connect finds the connection closed and closes what it opened.
            markClosed();
        }
    }

    /** The endpoint is gone: the client still gets what the endpoint sent before, then is closed. */
    void backendClosed() {
        if (state == State.RELAYING) {
            markClosed();
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** No traffic either way for the idle timeout. */
    void idle() {
        LOG.debugf("%s: closing connection from %s to %s, idle", service.key(), client.remoteAddress(),
                endpoint == null ? "nothing" : endpoint.backend());
        close();
    }

    /** An error on the client side ({@code fromEndpoint} false) or the endpoint side: both are closed. */
    void failed(Throwable cause, boolean fromEndpoint) {
        String side = fromEndpoint ? "endpoint " + (endpoint == null ? "" : endpoint.backend()) : "client";
        if (cause instanceof IOException) {
            LOG.debugf("%s: connection from %s, %s side (%s): %s", service.key(), client.remoteAddress(), side,
                    state, cause.getMessage());
        } else {
            LOG.warnf(cause, "%s: relaying a connection from %s failed on the %s side; it is closed", service.key(),
                    client.remoteAddress(), side);
        }
        close();
    }

    /**
     * Closes both sides now, pending writes or not; also a side still flushing its last bytes after the other
     * closed (a client that stopped reading would otherwise hold it open forever).
     */
    void close() {
        if (state != State.CLOSED) {
            markClosed();
        }
        if (backend != null) {
            backend.close();
        }
        client.close();
    }

    /** For draining, from a timer on any thread. */
    void closeFromAnyThread() {
        client.eventLoop().execute(this::close);
    }

    private void markClosed() {
        if (endpoint != null) {
            endpoint.closed(this);
        }
        while (!early.isEmpty()) {
            ReferenceCountUtil.release(early.poll());
        }
        state = State.CLOSED;
        service.counters().closed();
    }

    private static long readable(Object message) {
        return message instanceof ByteBuf buffer ? buffer.readableBytes() : 0;
    }
}

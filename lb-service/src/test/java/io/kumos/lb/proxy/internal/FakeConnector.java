package io.kumos.lb.proxy.internal;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;

/**
 * Connects {@link ProxyConnection}s to {@link DuplexEmbeddedChannel}s instead of sockets, with the outcomes a
 * test scripts: connected at once (the default), refused, or left pending until the test completes it.
 */
final class FakeConnector implements BackendConnector {

    enum Outcome { CONNECT, REFUSE, PEND }

    private final Deque<Outcome> script = new ArrayDeque<>();
    final List<InetSocketAddress> attempts = new ArrayList<>();
    final List<DuplexEmbeddedChannel> backends = new ArrayList<>();
    ChannelPromise pending;

    FakeConnector then(Outcome... outcomes) {
        script.addAll(List.of(outcomes));
        return this;
    }

    @Override
    public ChannelFuture connect(InetSocketAddress address, EventLoop loop, ChannelHandler handler) {
        attempts.add(address);
        DuplexEmbeddedChannel backend = new DuplexEmbeddedChannel(handler);
        backend.config().setAutoRead(false);
        backends.add(backend);
        Outcome outcome = script.isEmpty() ? Outcome.CONNECT : script.poll();
        return switch (outcome) {
            case CONNECT -> backend.newSucceededFuture();
            case REFUSE -> {
                backend.close();
                yield backend.newFailedFuture(new ConnectException("Connection refused: " + address));
            }
            case PEND -> {
                // As with a socket: closing a channel that is still connecting fails the connect.
                ChannelPromise promise = backend.newPromise();
                backend.closeFuture().addListener(closed -> promise.tryFailure(new ClosedChannelException()));
                yield pending = promise;
            }
        };
    }

    DuplexEmbeddedChannel backend() {
        return backends.get(backends.size() - 1);
    }
}

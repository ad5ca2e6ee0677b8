package io.kumos.lb.proxy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.ListenerStatus;
import io.kumos.lb.proxy.ServiceKey;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The listening sockets, opened and closed by difference with the wanted set. Each listener is independent: one
 * whose port is taken is reported and retried on the next {@link #apply}, while the others serve on.
 *
 * <p>Not thread-safe: used by the thread applying a plan, which it blocks until binds and unbinds are done (so a
 * port given up by one Service port can be taken by another in the same plan). Never call it on an event loop.
 */
public final class ListenerSet {

    private static final Logger LOG = Logger.getLogger(ListenerSet.class);
    private static final long BIND_WAIT_SECONDS = 10;

    private final ServerBootstrap template;
    private final BackendConnector connector;
    private final Duration idleTimeout;
    private final Map<ListenerAddress, Listener> listeners = new HashMap<>();
    private volatile List<ListenerStatus> statuses = List.of();

    public ListenerSet(NettyTransport transport, BackendConnector connector, Duration idleTimeout) {
        this.connector = connector;
        this.idleTimeout = idleTimeout;
        this.template = new ServerBootstrap()
                .group(transport.group())
                .channelFactory(transport.servers())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * Listens on exactly these addresses: closes the others, binds the new ones and those that failed before.
     *
     * @param ports the Service port of each key
     * @return the status of every wanted listener
     */
    public List<ListenerStatus> apply(Map<ListenerAddress, ServiceKey> wanted, Function<ServiceKey, ServicePort> ports) {
        for (Iterator<Map.Entry<ListenerAddress, Listener>> it = listeners.entrySet().iterator(); it.hasNext();) {
            Map.Entry<ListenerAddress, Listener> entry = it.next();
            Listener listener = entry.getValue();
            if (!listener.service.equals(wanted.get(entry.getKey())) || listener.port != ports.apply(listener.service)) {
                close(entry.getKey(), listener);
                it.remove();
            }
        }
        List<ListenerStatus> result = new ArrayList<>();
        for (Map.Entry<ListenerAddress, ServiceKey> entry : wanted.entrySet()) {
            Listener listener = listeners.get(entry.getKey());
            if (listener == null || listener.channel == null) {
                listener = bind(entry.getKey(), ports.apply(entry.getValue()));
                listeners.put(entry.getKey(), listener);
            }
            result.add(listener.channel != null ? ListenerStatus.bound(entry.getKey(), entry.getValue())
                    : ListenerStatus.failed(entry.getKey(), entry.getValue(), listener.error));
        }
        result.sort(Comparator.comparing(status -> status.address().toString()));
        statuses = List.copyOf(result);
        return statuses;
    }

    /** The status of every wanted listener after the last {@link #apply}; any thread. */
    public List<ListenerStatus> statuses() {
        return statuses;
    }

    public void closeAll() {
        listeners.forEach(this::close);
        listeners.clear();
        statuses = List.of();
    }

    private Listener bind(ListenerAddress address, ServicePort port) {
        ChannelFuture bound = template.clone().childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(
                        new IdleStateHandler(0, 0, idleTimeout.toNanos(), TimeUnit.NANOSECONDS),
                        new FrontendHandler(port, connector));
            }
        }).bind(address.host(), address.port());
        if (!bound.awaitUninterruptibly(BIND_WAIT_SECONDS, TimeUnit.SECONDS)) {
            bound.channel().close();
            return new Listener(port.key(), port, null, "binding took longer than " + BIND_WAIT_SECONDS + " s");
        }
        if (!bound.isSuccess()) {
            String error = bound.cause().getMessage() == null ? bound.cause().toString() : bound.cause().getMessage();
            LOG.debugf("%s: cannot listen on %s: %s", port.key(), address, error);
            return new Listener(port.key(), port, null, error);
        }
        LOG.debugf("%s: listening on %s", port.key(), address);
        return new Listener(port.key(), port, bound.channel(), null);
    }

    private void close(ListenerAddress address, Listener listener) {
        if (listener.channel != null) {
            listener.channel.close().awaitUninterruptibly(BIND_WAIT_SECONDS, TimeUnit.SECONDS);
            LOG.debugf("%s: stopped listening on %s", listener.service, address);
        }
    }

    /** A wanted listener: bound ({@code channel}) or not ({@code error}). */
    private record Listener(ServiceKey service, ServicePort port, Channel channel, String error) {
    }
}

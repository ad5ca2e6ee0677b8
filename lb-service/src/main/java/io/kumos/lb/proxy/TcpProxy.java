package io.kumos.lb.proxy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.kumos.lb.proxy.internal.ListenerSet;
import io.kumos.lb.proxy.internal.NettyTransport;
import io.kumos.lb.proxy.internal.ServicePort;
import io.kumos.lb.proxy.internal.SocketConnector;

/**
 * The round-robin L4 (TCP) load balancer: listeners per Service port, each accepted connection relayed to a ready
 * endpoint, on its own Netty event loops. It knows nothing of the grid or the API: whatever computes a
 * {@link ProxyPlan} feeds it (the Service and Endpoints objects of the cluster in lb-service, a plan file in the
 * benchmark), and tests drive it directly.
 *
 * <p>{@link #apply} moves it to a new plan by difference: new endpoints and lists apply to the next accepted
 * connection, connections to endpoints that left drain for the grace, listeners open and close, and those that
 * could not bind are retried on the next call.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpProxy.class);

    private final ProxySettings settings;
    private final NettyTransport transport;
    private final ListenerSet listeners;
    private final Map<ServiceKey, ServicePort> ports = new ConcurrentHashMap<>();

    private TcpProxy(ProxySettings settings, NettyTransport transport) {
        this.settings = settings;
        this.transport = transport;
        this.listeners = new ListenerSet(transport, new SocketConnector(transport, settings.connectTimeout()),
                settings.idleTimeout());
    }

    /** Starts the event loops; nothing listens until the first {@link #apply}. */
    public static TcpProxy start(ProxySettings settings) {
        NettyTransport transport = NettyTransport.create(settings.ioThreadsOrCores(), settings.preferEpoll());
        String whyNot = transport.whyNotEpoll(settings.preferEpoll());
        LOG.infof("TCP proxy on %d %s event loop(s)%s; connect timeout %s, idle timeout %s, drain grace %s",
                settings.ioThreadsOrCores(), transport.name(), whyNot == null ? "" : " (epoll: " + whyNot + ")",
                settings.connectTimeout(), settings.idleTimeout(), settings.drainGrace());
        return new TcpProxy(settings, transport);
    }

    /**
     * Moves the proxy to this plan. Idempotent: applying the same plan again only retries listeners that failed.
     *
     * <p>Blocks until listeners are bound or closed: call it from a worker thread, never from an event loop.
     * Calls are serialised.
     *
     * @return every wanted listener's status
     */
    public synchronized List<ListenerStatus> apply(ProxyPlan plan) {
        plan.routes().forEach((key, route) -> ports
                .computeIfAbsent(key, k -> new ServicePort(k, transport.group(), System::nanoTime))
                .update(route, settings.drainGrace()));
        List<ListenerStatus> statuses = listeners.apply(plan.listeners(), ports::get);
        ports.values().removeIf(port -> {
            if (plan.routes().containsKey(port.key())) {
                port.prune();
                return false;
            }
            port.retire(settings.drainGrace());
            return port.finished();
        });
        return statuses;
    }

    /** The counters of every Service port; any thread. */
    public ProxyStats stats() {
        List<ProxyStats.ServiceStats> services = ports.values().stream().map(ServicePort::stats)
                .sorted(Comparator.comparing(stats -> stats.service().toString())).toList();
        return new ProxyStats(transport.name(), listeners.statuses(), services);
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return transport.name();
    }

    /** Stops listening and closes every connection. */
    @Override
    public synchronized void close() {
        listeners.closeAll();
        transport.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

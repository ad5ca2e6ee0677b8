package io.kumos.lb.proxy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.ProxyStats;
import io.kumos.lb.proxy.Route;
import io.kumos.lb.proxy.SessionAffinity;
import io.kumos.lb.proxy.ServiceKey;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;

/**
 * One Service port in the data plane: its balancer, its endpoints (the ready ones and those still draining), and
 * its counters. Its listeners hand every accepted connection to it.
 *
 * <p>An endpoint that stops being ready gets no new connection from the next accept on; the connections it
 * carries go on for the drain grace and are closed when it ends, unless the endpoint became ready again meanwhile.
 * A Service port that leaves the plan is {@link #retire retired} the same way.
 *
 * <p>{@link #update}, {@link #retire} and {@link #prune} run on the thread applying a plan; drain timers on the
 * proxy's event loops, locked against updates; {@link #balancer()} and the counters on every event loop, without
 * locks.
 */
public final class ServicePort {

    private static final Logger LOG = Logger.getLogger(ServicePort.class);

    private final ServiceKey key;
    private final Balancer balancer;
    private final Counters counters = new Counters();
    private final Map<Backend, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<Backend, Future<?>> drains = new ConcurrentHashMap<>();
    private final EventExecutorGroup timers;

    public ServicePort(ServiceKey key, EventExecutorGroup timers, LongSupplier nanoClock) {
        this.key = key;
        this.timers = timers;
        this.balancer = new Balancer(nanoClock);
    }

    public ServiceKey key() {
        return key;
    }

    public Counters counters() {
        return counters;
    }

    Balancer balancer() {
        return balancer;
    }

    /** Makes this the route of new connections at once; endpoints that left it start draining. */
    public synchronized void update(Route route, Duration drainGrace) {
        Set<Backend> wanted = new HashSet<>(route.backends());
        List<Endpoint> ready = new ArrayList<>();
        for (Backend backend : route.backends()) {
            Future<?> drain = drains.remove(backend);
            if (drain != null) {
                drain.cancel(false);
                LOG.debugf("%s: endpoint %s is ready again before its drain ended", key, backend);
            }
            ready.add(endpoints.computeIfAbsent(backend, Endpoint::new));
        }
        List<Endpoint> leaving = balancer.ready().stream().filter(e -> !wanted.contains(e.backend())).toList();
        balancer.update(ready, route.affinity());
        leaving.forEach(endpoint -> drain(endpoint, drainGrace));
    }

    /** The Service port left the plan: no endpoint is ready any more, and the connections drain. */
    public synchronized void retire(Duration drainGrace) {
        update(new Route(List.of(), SessionAffinity.NONE), drainGrace);
    }

    /** Whether a retired Service port has nothing left: no endpoint draining, no connection. */
    public boolean finished() {
        return balancer.ready().isEmpty() && drains.isEmpty() && counters.active() == 0;
    }

    /** Housekeeping between plans: expired client affinities. */
    public void prune() {
        balancer.sweep();
    }

    private void drain(Endpoint endpoint, Duration grace) {
        Backend backend = endpoint.backend();
        LOG.debugf("%s: endpoint %s is no longer ready; its %d connection(s) drain for %s", key, backend,
                endpoint.counters().active(), grace);
        if (grace.isZero()) {
            endDrain(endpoint);
            return;
        }
        drains.put(backend, timers.schedule(() -> {
            if (drains.remove(backend) != null) {
                endDrain(endpoint);
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Locked against {@link #update}: an endpoint made ready again must not be retired under its new connections. */
    private synchronized void endDrain(Endpoint endpoint) {
        if (balancer.isReady(endpoint.backend())) {
            return;
        }
        endpoints.remove(endpoint.backend(), endpoint);
        if (!endpoint.idle()) {
            LOG.debugf("%s: drain of endpoint %s over, closing its %d connection(s)", key, endpoint.backend(),
                    endpoint.counters().active());
        }
        endpoint.retire();
    }

    public ProxyStats.ServiceStats stats() {
        List<ProxyStats.EndpointStats> perEndpoint = endpoints.values().stream()
                .sorted(Comparator.comparing(e -> e.backend().toString()))
                .map(e -> new ProxyStats.EndpointStats(e.backend(), balancer.isReady(e.backend()),
                        e.counters().active(), e.counters().total(), e.counters().clientToEndpointBytes(),
                        e.counters().endpointToClientBytes(), e.counters().connectFailures()))
                .toList();
        return new ProxyStats.ServiceStats(key, counters.active(), counters.total(), counters.refusedConnections(),
                counters.clientToEndpointBytes(), counters.endpointToClientBytes(), counters.connectFailures(),
                perEndpoint);
    }
}

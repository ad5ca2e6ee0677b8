package io.kumos.lb.services;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.GridCaches;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ObjectChanges;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.lb.LbConfig;
import io.kumos.lb.proxy.ListenerStatus;
import io.kumos.lb.proxy.TcpProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Feeds the proxy from the grid: reads every Service and Endpoints object of the projection, plans
 * ({@link ServicePlanner}), applies the plan to the {@link TcpProxy}, then reports listeners that cannot bind and
 * publishes LoadBalancer ingress.
 *
 * <p>A read happens when a Hot Rod client listener says a Service or Endpoints object changed (so endpoint
 * changes reach new connections within milliseconds), and every {@code kumos.lb.resync-period} regardless (so a
 * lost notification, a grid restart or a port that became free is caught up with); the listener is renewed then
 * too.
 *
 * <p>Reads run on one thread of their own, {@code kumos-lb-sync}, one at a time (Hot Rod is blocking there, and
 * binding waits for the sockets); requests arriving meanwhile are merged into one more read. While the grid is
 * unreachable or its projection incomplete, the proxy keeps its last plan: an absent Service then proves nothing,
 * and tearing down listeners would cut traffic that still has somewhere to go.
 */
@ApplicationScoped
public class ServiceFeed {

    private static final Logger LOG = Logger.getLogger(ServiceFeed.class);
    private static final Set<String> RESOURCES = Set.of("core/services", "core/endpoints");

    private final RemoteCacheManager grid;
    private final TcpProxy proxy;
    private final ObjectMapper json;
    private final ServicePlanner planner;
    private final ApiWriter writer;
    private final ListenerReports reports;
    private final IngressPublisher ingress;
    private final ObjectChanges hints = new ObjectChanges(Set.of("core/services", "core/endpoints"), this::request);
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean renewListener = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "kumos-lb-sync");
        t.setDaemon(true);
        return t;
    });
    // Confined to the sync thread.
    private boolean listening;
    private boolean gridFailing;

    ServiceFeed(RemoteCacheManager grid, TcpProxy proxy, ApiClient api, ObjectMapper json, LbConfig config) {
        this.grid = grid;
        this.proxy = proxy;
        this.json = json;
        this.planner = new ServicePlanner(config.bindAddress());
        this.writer = new ApiWriter(config.apiUrl());
        this.reports = new ListenerReports(new ServiceEvents(api, writer, json, Clock.systemUTC()));
        this.ingress = new IngressPublisher(api, writer, json, advertised(config));
    }

    void onStart(@Observes StartupEvent event) {
        request();
    }

    /** The grid listener goes with the Hot Rod client's connections; nothing to remove, nothing to block on. */
    void onStop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
        writer.close();
    }

    @Scheduled(every = "${kumos.lb.resync-period:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resync() {
        renewListener.set(true);
        request();
    }

    /** Asks for a read; merged with one already waiting. Never blocks. */
    public void request() {
        if (requested.compareAndSet(false, true)) {
            try {
                thread.execute(this::sync);
            } catch (RejectedExecutionException e) {
                LOG.debug("Shutting down: no more reads of Services");
            }
        }
    }

    private void sync() {
        requested.set(false);
        if (!gridFailing && (renewListener.getAndSet(false) || !listening)) {
            // Before reading, so that a change made meanwhile is either read or notified.
            listen();
        }
        List<GridObject> objects;
        try {
            objects = ProjectedObjects.live(grid, RESOURCES);
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            LOG.debugf("Keeping the current listeners: %s", e.getMessage());
            return;
        } catch (RuntimeException e) {
            gridUnreachable(e);
            return;
        }
        if (gridFailing) {
            gridFailing = false;
            LOG.info("The grid answers again: Services and Endpoints are followed again");
            listen();
        }
        try {
            apply(objects);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Applying the Services and Endpoints of the grid failed; the proxy keeps what it had "
                    + "applied and tries again on the next change or resync");
        }
    }

    private void apply(List<GridObject> objects) {
        List<JsonNode> services = new ArrayList<>();
        List<JsonNode> endpoints = new ArrayList<>();
        for (GridObject object : objects) {
            JsonNode parsed = parse(object);
            if (parsed != null) {
                (object.resource().equals("core/services") ? services : endpoints).add(parsed);
            }
        }
        Planning planning = planner.plan(services, endpoints);
        List<ListenerStatus> statuses = proxy.apply(planning.plan());
        reports.report(planning, statuses);
        ingress.publish(planning, statuses);
    }

    /**
     * Registers the change listener anew: at the first read, after the grid was unreachable, and on every periodic
     * resync. A server that restarted has forgotten its listeners, and the Hot Rod client does not always notice
     * (a lone server coming back is not a failover): renewing bounds how long changes can go unnotified by the
     * resync period, at the price of two small requests per period.
     */
    private void listen() {
        RemoteCache<String, GridObject> objects = objects();
        try {
            objects.removeClientListener(hints);
        } catch (RuntimeException e) {
            LOG.debugf("No previous grid listener to remove: %s", e.getMessage());
        }
        try {
            objects.addClientListener(hints);
            listening = true;
        } catch (RuntimeException e) {
            LOG.debugf("Cannot listen to changes in the grid yet (%s); reading every resync period meanwhile",
                    e.getMessage());
        }
    }

    private void gridUnreachable(RuntimeException e) {
        listening = false;
        if (!gridFailing) {
            gridFailing = true;
            LOG.warnf("Cannot read Services and Endpoints from the grid (%s). Listeners and endpoints stay as they "
                    + "were until it answers; is the Infinispan Server up? Check './kumos status'.", e.getMessage());
        } else {
            LOG.debugf("The grid still does not answer: %s", e.getMessage());
        }
    }

    private JsonNode parse(GridObject object) {
        try {
            return json.readTree(object.json());
        } catch (JsonProcessingException e) {
            LOG.warnf("Ignoring %s: its projection is not JSON (%s)", object.key(), e.getOriginalMessage());
            return null;
        }
    }

    private RemoteCache<String, GridObject> objects() {
        return GridCaches.open(grid, GridCaches.OBJECTS);
    }

    private static String advertised(LbConfig config) {
        String address = config.ingressAddress().orElse(config.bindAddress());
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            LOG.infof("Listening on the wildcard address %s: no LoadBalancer ingress is written. Set "
                    + "kumos.lb.ingress-address to the address clients use.", address);
            return null;
        }
        return address;
    }
}

package io.kumos.testing.hollow;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.ObjectJson;

/**
 * Simulated nodes, as kubemark's hollow nodes: {@link #start} registers a {@link HollowFleet}'s Nodes (and their
 * Leases) through the api-gateway and keeps them alive as node agents do, but runs no container:
 * <ul>
 * <li>the fleet's grid heartbeats, which health-service judges nodes by, renewed every heartbeat period in a few
 * batched writes on one thread ({@link Heartbeats}), not one thread or one call per node;</li>
 * <li>the Leases renewed through the API only if the fleet asks ({@link HollowFleet#leaseRenewal()});</li>
 * <li>a node found not Ready is made Ready again, and with {@link HollowFleet#runPods()} the pods bound to the fleet
 * are reported Running and their deletion confirmed ({@link HollowKubelet}), from the grid's informers, with the
 * writes on {@value #WRITERS} threads.</li>
 * </ul>
 * The nodes need no pod subnet (their pods get no address), so network-service's IPAM, which has subnets for only
 * 256 nodes of the default cluster CIDR, is never asked.
 *
 * <p>Threading: {@link #start} blocks until every Node is registered; the rest runs on the fleet's own threads
 * until {@link #close}.
 */
public final class HollowNodes implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HollowNodes.class);
    private static final int WRITERS = 8;

    private final HollowFleet fleet;
    private final ApiClient api;
    private final Heartbeats heartbeats;
    private final KeyedWrites writes;
    private final HollowKubelet kubelet;
    private final SharedInformers informers;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hollow-heartbeats");
        thread.setDaemon(true);
        return thread;
    });
    private final Clock clock = Clock.systemUTC();
    private volatile String heartbeatFailure = "";

    private HollowNodes(HollowFleet fleet, URI apiGateway, RemoteCacheManager grid) {
        this.fleet = fleet;
        this.api = new ApiClient(apiGateway, ObjectJson.mapper(), "kumos-hollow-node");
        this.heartbeats = new Heartbeats(grid, fleet.names(), fleet.heartbeatPeriod().toMillis());
        this.writes = new KeyedWrites("hollow-writes", WRITERS);
        this.kubelet = new HollowKubelet(api, new HashSet<>(fleet.names()), writes);
        this.informers = new SharedInformers(grid, ObjectJson.mapper(), Duration.ofSeconds(1));
    }

    /**
     * Registers the fleet and keeps it alive until closed: heartbeats start first, so no node is ever silent once
     * it exists; then the Nodes and Leases are created on {@value #WRITERS} threads (a node of the same name that
     * exists already, from an earlier run, is taken over).
     *
     * @param apiGateway the api-gateway, e.g. {@code http://127.0.0.1:7440}
     * @param grid       a client of the grid the services use (see {@code io.kumos.testing.GridClient})
     */
    public static HollowNodes start(HollowFleet fleet, URI apiGateway, RemoteCacheManager grid) {
        HollowNodes nodes = new HollowNodes(fleet, apiGateway, grid);
        try {
            nodes.begin();
        } catch (RuntimeException e) {
            nodes.close();
            throw e;
        }
        return nodes;
    }

    private void begin() {
        long period = fleet.heartbeatPeriod().toMillis();
        heartbeats.beat();
        timers.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        register();
        fleet.leaseRenewal().ifPresent(every -> timers.scheduleAtFixedRate(this::renewLeases, every.toMillis(),
                every.toMillis(), TimeUnit.MILLISECONDS));
        informers.informer("core/nodes").addHandler(kubelet.nodeHandler());
        if (fleet.runPods()) {
            informers.informer("core/pods").addHandler(kubelet.podHandler());
        }
        LOG.infof("%d hollow nodes %s-* registered over zones %s", fleet.count(), fleet.prefix(), fleet.zones());
    }

    public HollowFleet fleet() {
        return fleet;
    }

    /** How many pods the fleet reported Running. */
    public long podsRunning() {
        return kubelet.podsRunning();
    }

    /** How many API writes of the fleet failed since it started, and the last one's reason; heartbeats' too. */
    public String failures() {
        return writes.failures() + " API write(s) failed" + (writes.failures() == 0 ? "" : ", last: "
                + writes.lastFailure()) + (heartbeatFailure.isEmpty() ? "" : "; heartbeats: " + heartbeatFailure);
    }

    /** Stops the fleet and deletes its Nodes and Leases through the API (the pods bound to them stay). */
    public void deregister() {
        close();
        heartbeats.stop();
        for (String node : fleet.names()) {
            deleteIgnoringAbsent(HollowObjects.LEASES + "/" + node);
            deleteIgnoringAbsent("/api/v1/nodes/" + node);
        }
    }

    /** Stops heartbeating and writing: the nodes go silent, as hosts that died, and health-service says so. */
    @Override
    public void close() {
        timers.shutdownNow();
        informers.close();
        writes.close();
    }

    private void beat() {
        try {
            heartbeats.beat();
            heartbeatFailure = "";
        } catch (RuntimeException e) {
            if (heartbeatFailure.isEmpty()) {
                LOG.warnf("The hollow nodes %s-* cannot renew their heartbeats in the grid (%s); retrying every "
                        + "period", fleet.prefix(), e.getMessage());
            }
            heartbeatFailure = String.valueOf(e.getMessage());
        }
    }

    private void register() {
        ExecutorService registrars = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> registered = new ArrayList<>();
            for (int index = 1; index <= fleet.count(); index++) {
                int node = index;
                registered.add(registrars.submit(() -> registerNode(node)));
            }
            for (Future<?> node : registered) {
                node.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("registering the hollow nodes failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted registering the hollow nodes", e);
        } finally {
            registrars.shutdownNow();
        }
    }

    /** Creates the node (or takes over one of its name, Ready again) and its Lease. */
    private void registerNode(int index) {
        String name = fleet.name(index);
        JsonNode node;
        try {
            node = api.create("/api/v1/nodes", HollowObjects.node(fleet, index, clock.instant()));
        } catch (ApiCallException e) {
            if (e.status() != 409) {
                throw e;
            }
            node = api.patch("/api/v1/nodes/" + name + "/status", ApiClient.MERGE_PATCH,
                    HollowObjects.node(fleet, index, clock.instant()).retain("status"));
        }
        try {
            api.create(HollowObjects.LEASES, HollowObjects.lease(name, node.path("metadata").path("uid").asText(),
                    leaseDurationSeconds(), clock.instant()));
        } catch (ApiCallException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    private void renewLeases() {
        for (String node : fleet.names()) {
            writes.submit("lease/" + node, () -> api.patch(HollowObjects.LEASES + "/" + node, ApiClient.MERGE_PATCH,
                    HollowObjects.leaseRenewal(node, leaseDurationSeconds(), clock.instant())));
        }
    }

    /** Four renewal periods, as a node agent's Lease says of its heartbeat period. */
    private long leaseDurationSeconds() {
        return fleet.leaseRenewal().orElse(fleet.heartbeatPeriod()).multipliedBy(4).toSeconds();
    }

    private void deleteIgnoringAbsent(String path) {
        try {
            api.delete(path, null);
        } catch (ApiCallException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }
}

package io.kumos.agent.network;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.util.CloseableIterator;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.agent.AgentConfig;
import io.kumos.grid.GridCaches;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.network.NodeNetworkLease;
import io.kumos.grid.problems.OncePerObject;
import io.quarkus.runtime.StartupEvent;

/**
 * This node on the pod network between nodes, flannel's daemon on one thread ({@code overlay}), every
 * {@code kumos.agent.overlay-period}: with the {@code vxlan} backend it keeps the node's VTEP; it renews the node's
 * lease with network-service every heartbeat period (underlay address and VTEP MAC, none with {@code host-gw}, out,
 * pod subnet back), reads every node's lease from the grid and, when they changed (or every {@value #RECHECK_SECONDS}
 * s, should someone have touched the node's routes), brings the node's device, routes, neighbours and forwarding
 * entries in line with them ({@link OverlayPlan}), removing what the other backend left. With
 * {@code kumos.agent.machine-route} it also routes its subnet from the machine to the node. When the agent stops
 * it removes its lease, so the other nodes drop their routes to it at once. Only with
 * {@code kumos.agent.pod-network=cni}.
 */
@ApplicationScoped
public class OverlayLoop {

    private static final Logger LOG = Logger.getLogger(OverlayLoop.class);
    private static final long RECHECK_SECONDS = 5;

    private final AgentConfig config;
    private final String node;
    private final AgentConfig.OverlayBackend backend;
    private final OverlayPlan.Links links;
    private final VxlanDevice device;
    private final NodeKernel kernel;
    private final NodeNamespace namespace;
    private final RemoteCacheManager grid;
    private final ApiClient network;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final OncePerObject failures = new OncePerObject(LOG);
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread overlay = new Thread(runnable, "overlay");
        overlay.setDaemon(true);
        return overlay;
    });
    private volatile int podMtu;
    private volatile String subnet;
    private String vtepMac = "";
    private Instant nextRenewal = Instant.EPOCH;
    private Instant nextCheck = Instant.EPOCH;
    private OverlayPlan.Entries applied;

    OverlayLoop(AgentConfig config, VxlanDevice device, NodeKernel kernel, NodeNamespace namespace,
            RemoteCacheManager grid, ObjectMapper json, io.kumos.agent.docker.DockerEngine engine) {
        this.config = config;
        this.node = engine.nodeName();
        this.backend = config.overlayBackend();
        this.links = new OverlayPlan.Links(VxlanDevice.NAME, config.underlayDevice());
        this.device = device;
        this.kernel = kernel;
        this.namespace = namespace;
        this.grid = grid;
        this.json = json;
        this.network = new ApiClient(URI.create(config.networkUrl()), json, "kumos-node-agent");
    }

    void start(@Observes StartupEvent event) {
        if (config.podNetwork() == AgentConfig.PodNetworkMode.CNI) {
            thread.scheduleWithFixedDelay(this::tick, 0, config.overlayPeriod().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The MTU of the node's pods once the node is on the pod network: the VTEP's, or the underlay link's. */
    public OptionalInt podMtu() {
        return podMtu > 0 ? OptionalInt.of(podMtu) : OptionalInt.empty();
    }

    /** The node's pod subnet as its lease last said, once it has one. */
    public Optional<String> subnet() {
        return Optional.ofNullable(subnet);
    }

    void tick() {
        Instant now = clock.instant();
        try {
            if (!now.isBefore(nextRenewal)) {
                renew();
                nextRenewal = now.plus(config.heartbeatPeriod());
            }
            OverlayPlan.Entries wanted = OverlayPlan.wanted(backend, node, leases());
            if (!wanted.equals(applied) || !now.isBefore(nextCheck)) {
                List<OverlayPlan.Step> steps = OverlayPlan.between(kernel.entries(links), wanted);
                for (OverlayPlan.Step step : steps) {
                    namespace.run(step.command(links).toArray(String[]::new));
                }
                if (!steps.isEmpty()) {
                    LOG.infof("Node %s: the pod network (%s) now reaches %d other node(s): %s", node, backendName(),
                            wanted.routes().size() + wanted.gateways().size(), steps);
                }
                applied = wanted;
                nextCheck = now.plusSeconds(RECHECK_SECONDS);
            }
            failures.recovered(node, "Node " + node + ": the pod network is programmed again");
        } catch (RuntimeException e) {
            nextRenewal = now.plus(Duration.ofSeconds(1));
            applied = null;
            failures.warn(node, String.valueOf(e.getMessage()), "Node " + node + ": programming the pod network ("
                    + backendName() + ") failed (" + e.getMessage() + "); retrying. Is network-service up ('./kumos "
                    + "status')? Does the node's namespace " + config.netns().orElse("(the agent's own)") + " exist?"
                    + (backend == AgentConfig.OverlayBackend.HOST_GW ? " With host-gw, do the nodes share one L2 "
                            + "segment (each other node's address reachable on " + links.underlay() + ")?" : ""));
        }
    }

    /** The VTEP, the lease (and with it the subnet), the device's address and the machine's route. */
    private void renew() {
        String address = config.advertiseAddress();
        String mac = "";
        int mtu;
        if (backend == AgentConfig.OverlayBackend.VXLAN) {
            VxlanDevice.Vtep vtep = device.ensure(address);
            mac = vtep.mac();
            mtu = vtep.mtu();
        } else {
            mtu = kernel.mtu(links.underlay());
        }
        String leased = network.put("/network/v1/nodes/" + node + "/lease", json.createObjectNode()
                .put("underlayAddress", address).put("vtepMac", mac)).path("podCIDR").asText();
        // A device made again (the node's address changed) has a new MAC and no address yet.
        if (!mac.isEmpty() && (!leased.equals(subnet) || !mac.equals(vtepMac))) {
            device.assign(leased);
        }
        if (!leased.equals(subnet)) {
            if (config.machineRoute()) {
                namespace.onMachine("ip", "route", "replace", leased, "via", address);
            }
            LOG.infof("Node %s is on the pod network (%s): pod subnet %s at %s%s", node, backendName(), leased,
                    address, mac.isEmpty() ? "" : ", VTEP " + mac);
            subnet = leased;
        }
        vtepMac = mac;
        podMtu = mtu;
    }

    private String backendName() {
        return backend.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private List<NodeNetworkLease> leases() {
        List<NodeNetworkLease> leases = new ArrayList<>();
        try (CloseableIterator<NodeNetworkLease> all = GridCaches.<String, NodeNetworkLease>open(grid,
                GridCaches.NODE_NETWORK).values().iterator()) {
            all.forEachRemaining(leases::add);
        }
        return leases;
    }

    @PreDestroy
    void stop() {
        thread.shutdown();
        try {
            // A pass under way finishes its commands: an interrupted one would leave a half-programmed device.
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (config.podNetwork() != AgentConfig.PodNetworkMode.CNI) {
            return;
        }
        try {
            network.delete("/network/v1/nodes/" + node + "/lease", null);
            LOG.infof("Node %s left the overlay: its lease is removed", node);
        } catch (ApiCallException e) {
            LOG.warnf("Node %s: removing its overlay lease failed (%s); it runs out by itself", node, e.getMessage());
        }
    }
}

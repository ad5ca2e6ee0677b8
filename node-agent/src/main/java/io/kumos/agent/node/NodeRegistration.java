package io.kumos.agent.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Info;

import io.kumos.agent.AgentConfig;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.pods.PodWorkers;
import io.kumos.grid.GridCaches;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.quarkus.scheduler.Scheduled;

/**
 * Registers this host as a Node and keeps saying it is alive, as a kubelet does:
 * <ul>
 * <li>creates its Node (labels, capacity and allocatable from the engine, addresses, where the agent listens,
 * nodeInfo, conditions) or takes over the existing one after a restart;</li>
 * <li>writes the Node's status when it changes, and at least every {@code status-report-period};</li>
 * <li>renews its Lease in {@code kube-node-lease} and its heartbeat entry in the grid every
 * {@code heartbeat-period};</li>
 * <li>with {@code fence-after} set, stops its pods' containers when it could not renew the grid entry for that
 * long ({@link Fence}).</li>
 * </ul>
 * Until the first registration succeeds (the api-gateway may still be starting) it retries every second. Runs on a
 * scheduler worker thread: the engine, the API and the grid are all called blocking here.
 */
@ApplicationScoped
public class NodeRegistration {

    private static final Logger LOG = Logger.getLogger(NodeRegistration.class);
    private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
    private static final Duration SUBNET_RETRY = Duration.ofSeconds(30);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final AgentConfig config;
    private final DockerEngine engine;
    private final ApiClient api;
    private final ApiClient network;
    private final RemoteCacheManager grid;
    private final ObjectMapper json;
    private final int port;
    private final String version;
    private final Clock clock = Clock.systemUTC();
    private Instant nextHeartbeat = Instant.EPOCH;
    private Instant nextStatusReport = Instant.EPOCH;
    private boolean failing;
    /** When to ask network-service for a subnet again after it refused one (none free); told once per refusal. */
    private Instant nextSubnetAsk = Instant.EPOCH;
    private boolean subnetRefused;
    private final Fence fence;
    private final PodWorkers pods;

    NodeRegistration(AgentConfig config, DockerEngine engine, ApiClient api, RemoteCacheManager grid, ObjectMapper json,
            PodWorkers pods,
            @ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.config = config;
        this.engine = engine;
        this.api = api;
        this.network = new ApiClient(java.net.URI.create(config.networkUrl()), json, "kumos-node-agent");
        this.grid = grid;
        this.json = json;
        this.port = port;
        this.version = version;
        this.pods = pods;
        this.fence = new Fence(config.fenceAfter(), clock.instant());
    }

    @Scheduled(every = "1s", delay = 0, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = clock.instant();
        if (now.isBefore(nextHeartbeat)) {
            return;
        }
        try {
            heartbeat(now);
            nextHeartbeat = now.plus(config.heartbeatPeriod());
            if (failing) {
                failing = false;
                LOG.infof("Node %s registered with the api-gateway at %s again", engine.nodeName(), api.base());
            }
        } catch (RuntimeException e) {
            nextHeartbeat = now.plusSeconds(1);
            if (fence.due(now)) {
                LOG.warnf("Node %s has not renewed its heartbeat in the grid for %s: stopping its pods' containers "
                        + "(kumos.agent.fence-after), since health-service has had them replaced elsewhere. Pods "
                        + "still bound here start again when the grid answers.", engine.nodeName(),
                        config.fenceAfter().orElseThrow());
                pods.fence();
            }
            if (!failing) {
                failing = true;
                LOG.warnf("Node %s cannot report to the api-gateway at %s (%s); retrying every second. Is it up? "
                        + "Check './kumos status'.", engine.nodeName(), api.base(), e.getMessage());
            }
        }
    }

    /** One heartbeat: the grid entry, the Node (its status when due), the Lease. */
    void heartbeat(Instant now) {
        String name = engine.nodeName();
        NodeStatus.Host host = null;
        String problem = "";
        try {
            Info info = engine.call(docker -> docker.infoCmd().exec()).await().atMost(config.dockerTimeout());
            host = new NodeStatus.Host(Objects.requireNonNullElse(info.getNCPU(), 1),
                    Objects.requireNonNullElse(info.getMemTotal(), 0L), info.getServerVersion(),
                    info.getOperatingSystem(), info.getKernelVersion(), info.getArchitecture(), info.getId());
        } catch (RuntimeException e) {
            problem = "the Docker engine at " + engine.host() + " does not answer: " + e.getMessage();
        }
        // The grid first: health-service hears from the node even while the api-gateway does not answer.
        GridCaches.<String, NodeHeartbeat>open(grid, GridCaches.NODE_HEARTBEATS).put(name,
                new NodeHeartbeat(name, config.advertiseAddress() + ":" + port, now.toEpochMilli(), host != null),
                config.heartbeatPeriod().multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
        fence.renewed(now);
        NodeStatus.Reserved reserved = new NodeStatus.Reserved(config.reservedCpuMillis(), config.reservedMemoryMib(),
                config.maxPods());
        Optional<JsonNode> existing = api.get("/api/v1/nodes/" + name);
        JsonNode previous = existing.map(node -> node.path("status")).orElse(null);
        ObjectNode status = NodeStatus.of(host, reserved, config.advertiseAddress(), name, port, version, problem,
                previous, now.truncatedTo(ChronoUnit.SECONDS));
        JsonNode node;
        if (existing.isEmpty()) {
            node = create(name, status);
            LOG.infof("Node %s registered: %s", name, status.path("capacity"));
        } else {
            node = existing.get();
        }
        if (node.path("spec").path("podCIDR").asText("").isEmpty() && !now.isBefore(nextSubnetAsk)) {
            node = leaseSubnet(name, now).orElse(node);
        }
        if (existing.isPresent() && (changed(status, previous) || !now.isBefore(nextStatusReport))) {
            ObjectNode patch = json.createObjectNode();
            patch.set("status", status);
            node = api.patch("/api/v1/nodes/" + name + "/status", ApiClient.MERGE_PATCH, patch);
            nextStatusReport = now.plus(config.statusReportPeriod());
        }
        renewLease(name, node.path("metadata").path("uid").asText(), now);
    }

    private JsonNode create(String name, ObjectNode status) {
        ObjectNode node = json.createObjectNode();
        node.put("apiVersion", "v1").put("kind", "Node");
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("name", name);
        String arch = status.path("nodeInfo").path("architecture").asText("amd64");
        metadata.putObject("labels").put("kubernetes.io/hostname", name).put("kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", arch).put("beta.kubernetes.io/os", "linux").put("beta.kubernetes.io/arch", arch);
        node.putObject("spec");
        node.set("status", status);
        try {
            return api.create("/api/v1/nodes", node);
        } catch (ApiCallException e) {
            if (e.status() == 409) {
                return api.get("/api/v1/nodes/" + name).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /**
     * Leases the node's pod subnet from network-service and records it in the Node's {@code spec.podCIDR(s)}; while
     * network-service does not answer, the node goes on without one and the next heartbeat asks again. When it
     * refuses (409: no subnet is free), the node goes on without one, says so once, and asks again every
     * {@link #SUBNET_RETRY} rather than every heartbeat, since each ask tries every subnet of the range.
     */
    private Optional<JsonNode> leaseSubnet(String name, Instant now) {
        try {
            String cidr = network.put("/network/v1/nodes/" + name + "/subnet").path("podCIDR").asText();
            ObjectNode patch = json.createObjectNode();
            patch.putObject("spec").put("podCIDR", cidr).putArray("podCIDRs").add(cidr);
            LOG.infof("Node %s has the pod subnet %s", name, cidr);
            subnetRefused = false;
            return Optional.of(api.patch("/api/v1/nodes/" + name, ApiClient.MERGE_PATCH, patch));
        } catch (ApiCallException e) {
            if (e.status() != 409) {
                LOG.debugf("Node %s: no pod subnet yet (%s)", name, e.getMessage());
                return Optional.empty();
            }
            nextSubnetAsk = now.plus(SUBNET_RETRY);
            if (!subnetRefused) {
                subnetRefused = true;
                LOG.warnf("Node %s gets no pod subnet from network-service (%s): pods bound here cannot get an "
                        + "address and do not start; asking again every %ds.", name, e.getMessage(),
                        SUBNET_RETRY.toSeconds());
            }
            return Optional.empty();
        }
    }

    /** Whether anything but the heartbeat times differs from the status last written. */
    private boolean changed(ObjectNode status, JsonNode previous) {
        if (previous == null) {
            return true;
        }
        return !withoutTimes(status).equals(withoutTimes(previous));
    }

    private static JsonNode withoutTimes(JsonNode status) {
        ObjectNode copy = status.deepCopy();
        copy.path("conditions").forEach(c -> ((ObjectNode) c).remove("lastHeartbeatTime"));
        copy.retain("capacity", "allocatable", "nodeInfo", "addresses", "daemonEndpoints", "conditions");
        return copy;
    }

    private void renewLease(String name, String nodeUid, Instant now) {
        ObjectNode spec = json.createObjectNode().put("holderIdentity", name)
                .put("leaseDurationSeconds", config.heartbeatPeriod().multipliedBy(4).toSeconds())
                .put("renewTime", MICRO_TIME.format(now));
        if (api.get(LEASES + "/" + name).isPresent()) {
            ObjectNode patch = json.createObjectNode();
            patch.set("spec", spec);
            api.patch(LEASES + "/" + name, ApiClient.MERGE_PATCH, patch);
            return;
        }
        ObjectNode lease = json.createObjectNode();
        lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        ObjectNode metadata = lease.putObject("metadata").put("name", name).put("namespace", "kube-node-lease");
        metadata.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Node")
                .put("name", name).put("uid", nodeUid);
        lease.set("spec", spec);
        try {
            api.create(LEASES, lease);
        } catch (ApiCallException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }
}

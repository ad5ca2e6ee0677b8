package io.kumos.health.nodes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.GridCaches;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.kumos.grid.informers.ControllerLoop;
import io.kumos.grid.informers.Indexes;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.health.HealthConfig;
import io.kumos.health.leader.Leadership;
import io.quarkus.runtime.StartupEvent;

/**
 * The node lifecycle controller's loop: every {@code kumos.health.monitor-period}, on the replica that holds the
 * leader lock, reads the nodes, their Leases and pods from the shared informers of the grid's projection (local
 * copies kept current by the grid's events: a pass walks no cache) and the nodes' heartbeats from
 * {@code kumos-node-heartbeats} (one read of their keys), updates {@link Liveness}, lets {@link LifecyclePlanner}
 * decide and {@link LifecycleWriter} write.
 *
 * <p>What it observed is only good while it kept observing: after a pass that could not read the grid, or found an
 * informer not current (listing again after a failover of the grid), or on becoming leader, every node starts a
 * fresh grace, so a blind spell of this replica is never taken for silence of
 * the nodes. A gateway that does not answer does not blind it (the heartbeats come from the grid): its decisions are
 * simply written once the gateway is back.
 *
 * <p>Runs on its {@link ControllerLoop}'s thread, one pass at a time (it blocks on the grid and the API): every
 * period, and as soon as a Node changes (a taint added by hand is acted on at once); the heartbeats and Leases that
 * keep nodes alive are time's business, read every period.
 */
@ApplicationScoped
public class NodeLifecycleController {

    private static final Logger LOG = Logger.getLogger(NodeLifecycleController.class);
    static final String COMPONENT = "node-controller";
    private static final String NODES = "core/nodes";
    private static final String PODS = "core/pods";
    private static final String LEASES = "coordination.k8s.io/leases";
    private static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

    private final RemoteCacheManager grid;
    private final ObjectInformer nodes;
    private final ObjectInformer pods;
    private final ObjectInformer leases;
    private final Leadership leadership;
    private final HealthConfig config;
    private final LifecycleStats stats;
    private final LifecycleWriter writer;
    private final Clock clock = Clock.systemUTC();
    private final Liveness liveness = new Liveness();
    private final ControllerLoop loop;
    /** When this replica first saw each NoExecute taint that came without a timeAdded. */
    private final Map<String, Instant> untimedTaints = new HashMap<>();
    private final Set<String> announcedDeferrals = new HashSet<>();
    private long term = -1;
    private boolean fullDisruption;
    private Failure failing = Failure.NONE;

    /** What went wrong last pass, so that each trouble is logged once, when it starts. */
    private enum Failure {
        NONE, GRID, PROJECTION, GATEWAY
    }

    NodeLifecycleController(RemoteCacheManager grid, SharedInformers informers, Leadership leadership,
            ApiClient api, ObjectMapper json, HealthConfig config, LifecycleStats stats) {
        this.grid = grid;
        this.nodes = informers.informer(NODES);
        this.pods = informers.informer(PODS);
        this.leases = informers.informer(LEASES);
        this.leadership = leadership;
        this.config = config;
        this.stats = stats;
        this.writer = new LifecycleWriter(api, new EventRecorder(api, json, COMPONENT, null, clock), stats);
        this.loop = new ControllerLoop("Node lifecycle", config.monitorPeriod(), ControllerLoop.GAP, this::monitor);
    }

    void start(@Observes StartupEvent event) {
        loop.listenTo(nodes).start(Duration.ofSeconds(1));
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    void monitor() {
        if (!leadership.leads()) {
            stats.passed(false, Map.of(), Map.of(), false);
            return;
        }
        if (leadership.term() != term) {
            term = leadership.term();
            startAfresh();
        }
        Instant now = clock.instant();
        LifecyclePlanner.Plan plan;
        try {
            plan = LifecyclePlanner.plan(read(now));
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            startAfresh();
            fail(Failure.PROJECTION, "The nodes' objects are not current (" + e.getMessage() + "); no node is judged "
                    + "until they are, then each gets a fresh grace. If this lasts, is the api-gateway up (it "
                    + "projects the objects into the grid, after a grid restart too)? Check './kumos status'.");
            return;
        } catch (RuntimeException e) {
            startAfresh();
            fail(Failure.GRID, "Cannot read nodes and heartbeats from the grid (" + e.getMessage() + "); no node is "
                    + "judged until it answers, then each gets a fresh grace. Is the Infinispan Server up? "
                    + "Check './kumos status'.");
            return;
        }
        report(plan, now);
        try {
            writer.apply(plan.steps(), now);
        } catch (ApiCallException e) {
            fail(Failure.GATEWAY, "Cannot write node conditions, taints and evictions through the api-gateway ("
                    + e.getMessage() + "); retrying every period. Is it up? Check './kumos status'.");
            return;
        }
        if (failing != Failure.NONE) {
            LOG.infof("The node lifecycle controller works again (after: %s)", failing);
            failing = Failure.NONE;
        }
    }

    /** One read of everything a pass needs: the informers, and the heartbeats (blocking: Hot Rod). */
    private LifecyclePlanner.Snapshot read(Instant now) {
        List<JsonNode> nodes = this.nodes.current().list();
        List<JsonNode> pods = this.pods.current().list();
        Map<String, String> leases = new HashMap<>();
        for (JsonNode lease : this.leases.current().byIndex(Indexes.NAMESPACE, NODE_LEASE_NAMESPACE)) {
            leases.put(LifecyclePlanner.name(lease), lease.path("spec").path("renewTime").asText(""));
        }
        Set<String> names = new HashSet<>();
        nodes.forEach(node -> names.add(LifecyclePlanner.name(node)));
        RemoteCache<String, NodeHeartbeat> heartbeats = GridCaches.open(grid, GridCaches.NODE_HEARTBEATS);
        Map<String, NodeHeartbeat> beats = names.isEmpty() ? Map.of() : heartbeats.getAll(names);
        Map<String, Boolean> ready = new HashMap<>();
        Map<String, Instant> heard = new HashMap<>();
        liveness.retain(names);
        untimedTaints.keySet().removeIf(key -> !names.contains(key.substring(0, key.indexOf('/'))));
        for (String name : names) {
            NodeHeartbeat beat = beats.get(name);
            if (beat != null) {
                ready.put(name, beat.ready());
            }
            heard.put(name, liveness.observe(name, new Liveness.Signal(beat == null ? -1 : beat.renewedAtMillis(),
                    leases.getOrDefault(name, "")), now));
        }
        return new LifecyclePlanner.Snapshot(nodes, pods, ready, heard, now, config.nodeGrace(),
                (node, taint) -> untimedTaints.computeIfAbsent(node + "/" + taint, key -> now));
    }

    private void report(LifecyclePlanner.Plan plan, Instant now) {
        Map<String, NodeHealth.State> states = new HashMap<>();
        plan.nodes().forEach((node, health) -> states.put(node, health.state()));
        stats.passed(true, states, liveness.lastHeard(), plan.fullDisruption());
        if (plan.fullDisruption() != fullDisruption) {
            fullDisruption = plan.fullDisruption();
            if (fullDisruption) {
                LOG.warnf("No node is Ready (%d nodes NotReady or Unknown): full disruption, so no pod is evicted "
                        + "and the not-ready/unreachable NoExecute taints are lifted from every node until one node "
                        + "is Ready again; a fault of the whole site, the container engine or the control plane is "
                        + "more likely than of every host. Check './kumos status'.", plan.nodes().size());
            } else {
                LOG.info("A node is Ready again: full disruption is over; the nodes still failing are tainted anew "
                        + "and their pods' tolerations count from now");
            }
        }
        Set<String> deferred = new HashSet<>();
        for (LifecyclePlanner.Deferred wait : plan.deferred()) {
            String key = wait.pod().path("metadata").path("uid").asText() + "@" + wait.when();
            deferred.add(key);
            if (announcedDeferrals.add(key)) {
                LOG.infof("Pod %s/%s on node %s is evicted at %s if the taint stays: %s",
                        wait.pod().path("metadata").path("namespace").asText(), LifecyclePlanner.name(wait.pod()),
                        wait.node(), wait.when(), wait.why());
            }
        }
        announcedDeferrals.retainAll(deferred);
    }

    private void startAfresh() {
        liveness.forget();
        untimedTaints.clear();
        announcedDeferrals.clear();
    }

    private void fail(Failure failure, String message) {
        if (failing != failure) {
            LOG.warn(message);
            failing = failure;
        }
    }
}

package io.kumos.health.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.informers.ControllerLoop;
import io.kumos.grid.informers.ObjectEventHandler;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.health.HealthConfig;
import io.kumos.health.leader.Leadership;
import io.quarkus.runtime.StartupEvent;

/**
 * The rescheduler's loop: every {@code kumos.health.monitor-period}, on the replica that holds health-service's
 * leader lock, reads nodes and pods from the shared informers of the grid's projection (nothing is read from the
 * grid by a pass), lets {@link FailureMemory} see them, lets
 * {@link ReschedulePlanner} decide and {@link RescheduleWriter} write.
 *
 * <p>It runs under the node lifecycle controller's lock ({@link Leadership}) rather than one of its own: the two
 * must agree on whose business a pod is (a pod on a failing node is the node lifecycle's), both write Nodes, and one
 * replica doing both keeps one view and one failover. Each new term forgets what was seen: the replica has not been
 * watching meanwhile, so restart counts start again from a baseline.
 *
 * <p>Runs on its {@link ControllerLoop}'s thread, one pass at a time (it blocks on the API): every period, and as
 * soon as a node changes or a pod restarts a container or changes phase; other changes of pods cost no pass.
 */
@ApplicationScoped
public class PodRescheduler {

    /** Who reports the Events ({@code source.component}). */
    static final String COMPONENT = "kumos-health";
    private static final Logger LOG = Logger.getLogger(PodRescheduler.class);
    private static final String NODES = "core/nodes";
    private static final String PODS = "core/pods";

    private final ObjectInformer nodes;
    private final ObjectInformer pods;
    private final Leadership leadership;
    private final HealthConfig.Reschedule config;
    private final RescheduleStats stats;
    private final RescheduleWriter writer;
    private final Clock clock = Clock.systemUTC();
    private final FailureMemory memory;
    private final Set<String> announced = new HashSet<>();
    private final Set<String> unreadable = new HashSet<>();
    private final ReschedulePlanner.Policy policy;
    private final ControllerLoop loop;
    private long term = -1;
    private boolean failing;

    PodRescheduler(SharedInformers informers, Leadership leadership, ApiClient api, ObjectMapper json,
            HealthConfig config, RescheduleStats stats) {
        this.nodes = informers.informer(NODES);
        this.pods = informers.informer(PODS);
        this.leadership = leadership;
        this.config = config.reschedule();
        this.stats = stats;
        this.writer = new RescheduleWriter(api, new EventRecorder(api, json, COMPONENT, null, clock), stats);
        this.memory = new FailureMemory(this.config.window());
        this.policy = new ReschedulePlanner.Policy(Math.max(1, this.config.restarts()), this.config.window(),
                this.config.stuckFor(), this.config.avoidFor());
        this.loop = new ControllerLoop("Rescheduling", config.monitorPeriod(), ControllerLoop.GAP, this::monitor);
    }

    void start(@Observes StartupEvent event) {
        loop.listenTo(nodes).listenTo(pods, podsThatMatter(loop::wake)).start(Duration.ofSeconds(1));
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    /** Wakes the loop for what the rescheduler judges pods by: restarts, phases, pods gone, a new listing. */
    private static ObjectEventHandler podsThatMatter(Runnable wake) {
        return ObjectEventHandler.onChanges(pod -> false,
                (before, after) -> restarts(after) != restarts(before) || !phase(after).equals(phase(before)), wake);
    }

    private static int restarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode container : pod.path("status").path("containerStatuses")) {
            restarts += container.path("restartCount").asInt();
        }
        return restarts;
    }

    private static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("");
    }

    void monitor() {
        if (!config.enabled() || !leadership.leads()) {
            return;
        }
        if (leadership.term() != term) {
            term = leadership.term();
            memory.forget();
            announced.clear();
        }
        Instant now = clock.instant();
        List<JsonNode> nodes;
        List<JsonNode> pods;
        try {
            nodes = this.nodes.current().list();
            pods = this.pods.current().list();
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            LOG.debugf("The rescheduler waits: %s", e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail("Cannot read nodes and pods from the grid (" + e.getMessage() + "); no pod is rescheduled until it "
                    + "answers. Is the Infinispan Server up, and the api-gateway? Check './kumos status'.");
            return;
        }
        memory.observe(pods, now);
        Set<String> live = new HashSet<>();
        pods.forEach(pod -> live.add(ReschedulePlanner.uid(pod)));
        announced.retainAll(live);
        ReschedulePlanner.Plan plan = ReschedulePlanner.plan(new ReschedulePlanner.Snapshot(nodes, pods,
                memory.seen(), Set.copyOf(announced), now, policy));
        stats.avoidedNodes(plan.avoidedNodes());
        warnUnreadable(plan.unreadable());
        try {
            writer.apply(plan.steps(), now, announced);
        } catch (ApiCallException e) {
            fail("Cannot reschedule pods through the api-gateway (" + e.getMessage() + "); retrying every period. "
                    + "Is it up? Check './kumos status'.");
            return;
        }
        if (failing) {
            LOG.info("The rescheduler works again");
            failing = false;
        }
    }

    private void warnUnreadable(Set<String> nodes) {
        for (String node : nodes) {
            if (unreadable.add(node)) {
                LOG.warnf("Node %s carries an annotation %s that is not Kubernetes' AvoidPods JSON; no pod is "
                        + "rescheduled from it and its entries are not expired until it is fixed or removed "
                        + "('kubectl annotate node %s %s-')", node, AvoidPods.ANNOTATION, node, AvoidPods.ANNOTATION);
            }
        }
        unreadable.retainAll(nodes);
    }

    private void fail(String message) {
        if (!failing) {
            LOG.warn(message);
            failing = true;
        }
    }
}

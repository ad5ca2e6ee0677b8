package io.kumos.placement.scheduling;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.ControllerLoop;
import io.kumos.grid.informers.ObjectEventHandler;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.problems.OncePerObject;
import io.kumos.placement.PlacementConfig;
import io.kumos.placement.leader.Leadership;
import io.kumos.placement.leader.Role;
import io.kumos.placement.scheduling.config.PluginRegistry;
import io.kumos.placement.scheduling.config.SchedulerConfiguration;
import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Profile;
import io.kumos.placement.scheduling.framework.QueuedPod;
import io.kumos.placement.scheduling.framework.ScheduleResult;
import io.kumos.placement.scheduling.framework.SchedulingCycle;
import io.kumos.placement.scheduling.framework.Snapshot;
import io.kumos.placement.scheduling.queue.SchedulingQueue;
import io.quarkus.runtime.StartupEvent;

/**
 * Placement, as kube-scheduler does it, on its framework: at once when a pod needs a node (or one's room is freed,
 * or a node changes), and every period anyway, the pods that no node has yet and that ask
 * for one of the configured profiles ({@code default-scheduler} unless a KubeSchedulerConfiguration says more) join
 * the {@link SchedulingQueue}; each pod popped from it goes through its profile's plugins ({@link SchedulingCycle}:
 * filters, then scores) and, if a node fits, through reserve, permit and bind ({@link BindingCycle}: the binds run
 * on threads of their own while the next pods are decided), each pod taking its room at once for the next. A pod
 * no node fits gets kube-scheduler's message in a {@code FailedScheduling} Event and its {@code PodScheduled=False}
 * condition, and waits until a change in the cluster that may help it (a node added or changed, a pod deleted …,
 * seen by comparing this pass's view with the last) or 5 minutes.
 *
 * <p>Nodes, pods and namespaces are read from informers of the grid's projection of the API objects (local copies kept
 * current by the grid's events; nothing is read from the grid by a pass). Only the replica of placement-service that
 * holds the scheduler's leader lock schedules. Runs on its {@link ControllerLoop}'s thread.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);
    private final ObjectInformer nodes;
    private final ObjectInformer pods;
    private final ObjectInformer namespaces;
    private final Leadership leadership;
    private final Clock clock;
    private final Map<String, SchedulingCycle> profiles = new HashMap<>();
    private final SchedulingQueue queue;
    private final BindBackoff backoff = new BindBackoff();
    private final AssumedPods assumed = new AssumedPods();
    private final OncePerObject told = new OncePerObject(LOG);
    private final SchedulingReports reports;
    private final BindingCycle binding;
    private final ControllerLoop loop;
    private final SchedulerStats stats;
    private ClusterView last = ClusterView.EMPTY;

    @Inject
    Scheduler(SharedInformers informers, Leadership leadership, ApiClient api, ObjectMapper json,
            PlacementConfig config, SchedulerStats stats) {
        this(informers, leadership, api, json, Clock.systemUTC(), config.scheduler().config(),
                config.scheduler().period(), config.scheduler().parallelBinds(), stats);
    }

    Scheduler(SharedInformers informers, Leadership leadership, ApiClient api, ObjectMapper json, Clock clock,
            int parallelBinds) {
        this(informers, leadership, api, json, clock, Optional.empty(), Duration.ofSeconds(1), parallelBinds,
                new SchedulerStats());
    }

    private Scheduler(SharedInformers informers, Leadership leadership, ApiClient api, ObjectMapper json,
            Clock clock, Optional<String> configFile, Duration period, int parallelBinds, SchedulerStats stats) {
        this.loop = new ControllerLoop("Scheduling", period, ControllerLoop.GAP, this::schedule);
        this.stats = stats;
        this.nodes = informers.informer("core/nodes");
        this.pods = informers.informer("core/pods");
        this.namespaces = informers.informer("core/namespaces");
        this.leadership = leadership;
        this.clock = clock;
        SchedulerConfiguration configuration = new SchedulerConfiguration(new PluginRegistry(api, json));
        List<Profile> configured = configFile.map(file -> configuration.read(Path.of(file)))
                .orElseGet(configuration::defaults);
        configured.forEach(profile -> profiles.put(profile.schedulerName(), new SchedulingCycle(profile)));
        Map<String, Set<ClusterEvent>> events = new HashMap<>();
        configured.forEach(profile -> profile.plugins().forEach(plugin -> events.put(plugin.name(), plugin.events())));
        // Profiles may sort differently; the queue, shared as upstream's, follows the first profile's order.
        this.queue = new SchedulingQueue(configured.get(0).queueSort(), events);
        this.reports = new SchedulingReports(api, json, profiles.keySet(), clock, told);
        this.binding = new BindingCycle(backoff, assumed, queue, reports, stats, told, parallelBinds);
        LOG.debugf("Scheduler profiles: %s", profiles.keySet());
    }

    void start(@Observes StartupEvent event) {
        loop.listenTo(pods, podsThatMatter(loop::wake)).listenTo(nodes).start(Duration.ofSeconds(2));
    }

    @PreDestroy
    void stop() {
        loop.close();
        binding.close();
    }

    private void schedule() {
        if (leadership.leads(Role.SCHEDULER)) {
            pass();
        }
    }

    /**
     * Wakes the loop for the pod changes that may let a pod be placed: one that needs a node, one that no longer
     * holds its room (gone, or finished). The others (status of running pods, mostly) cost no pass.
     */
    private static ObjectEventHandler podsThatMatter(Runnable wake) {
        return ObjectEventHandler.onChanges(Scheduler::unbound,
                (before, after) -> unbound(after) || finished(after) && !finished(before), wake);
    }

    private static boolean unbound(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("").isEmpty();
    }

    private static boolean finished(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    /** One pass: read the cluster, update the queue, schedule every pod the queue gives. */
    void pass() {
        long started = System.nanoTime();
        ClusterView view = read();
        stats.read(System.nanoTime() - started);
        Instant now = clock.instant();
        view.eventsSince(last).forEach(event -> queue.onEvent(event, now));
        last = view;
        List<PodInfo> pending = view.pending().stream().filter(pod -> profiles.containsKey(pod.schedulerName()))
                .toList();
        Snapshot snapshot = view.snapshot();
        Set<String> pendingUids = new HashSet<>();
        List<PodInfo> unbound = new ArrayList<>();
        for (PodInfo pod : pending) {
            pendingUids.add(pod.uid());
            Optional<String> bound = assumed.nodeOf(pod.uid(), now);
            if (bound.isPresent()) {
                if (snapshot.node(bound.get()) != null) {
                    snapshot.assume(bound.get(), pod);
                }
                continue;
            }
            unbound.add(pod);
            backoff.heldNode(pod.uid(), now).filter(node -> snapshot.node(node) != null)
                    .ifPresent(node -> snapshot.assume(node, pod));
        }
        assumed.retainOnly(pendingUids);
        backoff.retainOnly(pendingUids);
        reports.retainOnly(pendingUids);
        queue.sync(unbound, now);
        queue.flush(now);
        try {
            for (Optional<QueuedPod> next = queue.pop(); next.isPresent(); next = queue.pop()) {
                scheduleOne(next.get(), snapshot, now);
            }
        } finally {
            binding.settleAll(now);
        }
    }

    private void scheduleOne(QueuedPod queued, Snapshot snapshot, Instant now) {
        SchedulingCycle cycle = profiles.get(queued.pod().schedulerName());
        CycleState state = new CycleState();
        long started = System.nanoTime();
        ScheduleResult result = cycle.schedule(state, queued.pod(), snapshot);
        stats.decided(System.nanoTime() - started);
        if (result instanceof ScheduleResult.Suggested suggested) {
            if (binding.start(cycle.profile(), state, queued, snapshot.node(suggested.node()), now)) {
                snapshot.assume(suggested.node(), queued.pod());
            }
        } else if (result instanceof ScheduleResult.Unschedulable unschedulable) {
            queue.unschedulable(queued, unschedulable.plugins(), now);
            reports.unschedulable(queued.pod(), unschedulable.message());
        } else if (result instanceof ScheduleResult.Failed failed) {
            queue.backoff(queued, now.plus(SchedulingQueue.backoff(queued.attempts() + 1)));
            told.warn("pod " + queued.pod().key(), failed.message(), "Scheduling pod " + queued.pod().key()
                    + " failed (" + failed.message() + "); it is tried again after a back-off");
        }
    }

    /** The cluster as the informers hold it; refused while any of them is not current. */
    private ClusterView read() {
        return new ClusterView(nodes.current().list(), pods.current().list(), namespaces.current().list());
    }
}

package io.kumos.placement.scheduling;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.grid.problems.OncePerObject;
import io.kumos.placement.leader.Leadership;
import io.kumos.placement.leader.Role;
import io.quarkus.scheduler.Scheduled;

/**
 * First placement, as kube-scheduler does it: every second, the pods that no node has yet (and that ask for the
 * default scheduler) are placed, oldest first, on the node {@link NodeFit} chooses, through the API's
 * {@code pods/binding}; each gets a {@code Scheduled} Event, or, when no node fits, a {@code FailedScheduling}
 * Event and a {@code PodScheduled=False} condition with the reasons. A pending pod is tried again on every pass,
 * so a node that comes, or room that frees up, is used at once.
 *
 * <p>Nodes and pods are read from the grid's projection of the API objects. A bind is conditional on the pod the
 * decision was made about: the Binding carries the pod's uid and the resourceVersion read from the grid, so a pod
 * replaced or changed since is not bound on a stale decision (409, decided again next pass). A bind that got no
 * clear answer (unreachable, timed out, 5xx) or was refused is never taken for done: the pod goes back to the queue
 * with a back-off ({@link BindBackoff}), keeping its room on the node while the bind may have happened, and the
 * failure is told as a warning once per pod and reason.
 *
 * <p>Only the replica of placement-service that holds the scheduler's leader lock schedules. Runs on a scheduler
 * worker thread.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);
    private static final String NAME = "default-scheduler";

    private final RemoteCacheManager grid;
    private final Leadership leadership;
    private final ApiClient api;
    private final ObjectMapper json;
    private final EventRecorder events;
    private final Clock clock;
    private final BindBackoff backoff = new BindBackoff();
    private final OncePerObject told = new OncePerObject(LOG);
    /** The last FailedScheduling message of each pending pod (by uid): a new Event only when it changes. */
    private final Map<String, String> lastFailure = new HashMap<>();
    private boolean failing;

    @Inject
    Scheduler(RemoteCacheManager grid, Leadership leadership, ApiClient api, ObjectMapper json) {
        this(grid, leadership, api, json, Clock.systemUTC());
    }

    Scheduler(RemoteCacheManager grid, Leadership leadership, ApiClient api, ObjectMapper json, Clock clock) {
        this.grid = grid;
        this.leadership = leadership;
        this.api = api;
        this.json = json;
        this.clock = clock;
        this.events = new EventRecorder(api, json, NAME, null, clock);
    }

    @Scheduled(every = "${kumos.placement.period:1s}", delay = 2,
            delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void schedule() {
        if (!leadership.leads(Role.SCHEDULER)) {
            return;
        }
        try {
            pass();
            if (failing) {
                failing = false;
                LOG.info("Scheduling works again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("Scheduling pass failed (%s); retrying every period. Are the grid and the api-gateway up? "
                        + "Check './kumos status'.", e.getMessage());
            }
        }
    }

    /** One pass over the pending pods. */
    void pass() {
        List<JsonNode> nodes = new ArrayList<>();
        List<JsonNode> pods = new ArrayList<>();
        for (GridObject object : ProjectedObjects.live(grid, Set.of("core/nodes", "core/pods"))) {
            (object.resource().equals("core/nodes") ? nodes : pods).add(parse(object.json()));
        }
        Map<String, NodeFit.Candidate> candidates = new HashMap<>();
        for (JsonNode node : nodes) {
            String name = node.path("metadata").path("name").asText();
            candidates.put(name, new NodeFit.Candidate(node, NodeFit.Resources.NONE, new HashSet<>(), 0));
        }
        List<JsonNode> pending = new ArrayList<>();
        for (JsonNode pod : pods) {
            String node = pod.path("spec").path("nodeName").asText("");
            String phase = pod.path("status").path("phase").asText("");
            boolean finished = phase.equals("Succeeded") || phase.equals("Failed");
            if (!node.isEmpty()) {
                if (!finished && candidates.containsKey(node)) {
                    candidates.put(node, placed(candidates.get(node), pod));
                }
            } else if (!finished && !pod.path("metadata").has("deletionTimestamp")
                    && NAME.equals(pod.path("spec").path("schedulerName").asText(NAME))) {
                pending.add(pod);
            }
        }
        pending.sort(Comparator.comparing((JsonNode pod) -> pod.path("metadata").path("creationTimestamp").asText())
                .thenComparing(pod -> pod.path("metadata").path("name").asText()));
        Instant now = clock.instant();
        Set<String> pendingUids = new HashSet<>();
        for (JsonNode pod : pending) {
            pendingUids.add(uid(pod));
            backoff.heldNode(uid(pod), now).filter(candidates::containsKey)
                    .ifPresent(node -> candidates.put(node, placed(candidates.get(node), pod)));
        }
        backoff.retainOnly(pendingUids);
        Set<String> stillPending = new HashSet<>();
        for (JsonNode pod : pending) {
            if (backoff.waits(uid(pod), now)) {
                continue;
            }
            NodeFit.Decision decision = NodeFit.place(pod, List.copyOf(candidates.values()));
            if (decision.node().isPresent()) {
                String node = decision.node().get();
                if (bind(pod, node, now)) {
                    candidates.put(node, placed(candidates.get(node), pod));
                }
            } else {
                stillPending.add(uid(pod));
                unschedulable(pod, decision.reason());
            }
        }
        lastFailure.keySet().retainAll(stillPending);
    }

    private static NodeFit.Candidate placed(NodeFit.Candidate candidate, JsonNode pod) {
        Set<Integer> ports = new HashSet<>(candidate.hostPorts());
        ports.addAll(NodeFit.hostPorts(pod));
        return new NodeFit.Candidate(candidate.node(), candidate.requested().plus(NodeFit.requests(pod)), ports,
                candidate.pods() + 1);
    }

    /**
     * Binds the pod, on the condition that it is still the pod (uid) and as it was (resourceVersion) when the
     * decision was made. Answers whether its room on the node is taken: bound, or may have been.
     */
    private boolean bind(JsonNode pod, String node, Instant now) {
        String namespace = pod.path("metadata").path("namespace").asText();
        String name = pod.path("metadata").path("name").asText();
        String object = "pod " + namespace + "/" + name;
        try {
            api.create("/api/v1/namespaces/" + namespace + "/pods/" + name + "/binding", binding(pod, node));
        } catch (ApiCallException e) {
            BindOutcome outcome = BindOutcome.of(e);
            if (outcome == BindOutcome.STALE) {
                backoff.done(uid(pod));
                LOG.debugf("Binding %s to %s: the pod changed or went meanwhile, decided again next pass (%s)",
                        object, node, e.getMessage());
                return false;
            }
            java.time.Duration delay = backoff.failed(uid(pod), node, outcome, now);
            told.warn(object, e.status() + " " + e.getMessage(), "Binding " + object + " to node " + node
                    + " failed (" + e.getMessage() + "); it goes back to the queue and is tried again in "
                    + delay.toSeconds() + " s" + (outcome == BindOutcome.UNCERTAIN
                            ? ", its room on the node kept meanwhile, as the bind may have happened"
                            : "") + ". Is the api-gateway up? Check './kumos status'.");
            return outcome == BindOutcome.UNCERTAIN;
        }
        backoff.done(uid(pod));
        told.recovered(object, "Bound " + object + " to node " + node + " after failed attempts");
        LOG.debugf("Bound %s to %s", object, node);
        events.normal(pod, "Scheduled", "Successfully assigned " + namespace + "/" + name + " to " + node);
        return true;
    }

    /** The Binding of a pod to a node, preconditioned on the pod's uid and on the resourceVersion that was read. */
    ObjectNode binding(JsonNode pod, String node) {
        JsonNode metadata = pod.path("metadata");
        ObjectNode binding = json.createObjectNode();
        binding.put("apiVersion", "v1").put("kind", "Binding");
        ObjectNode bindingMetadata = binding.putObject("metadata").put("name", metadata.path("name").asText())
                .put("namespace", metadata.path("namespace").asText()).put("uid", uid(pod));
        String version = metadata.path("resourceVersion").asText("");
        if (!version.isEmpty()) {
            bindingMetadata.put("resourceVersion", version);
        }
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
        return binding;
    }

    /** Says why the pod stays pending: an Event and its PodScheduled condition, once per distinct reason. */
    private void unschedulable(JsonNode pod, String reason) {
        if (reason.equals(lastFailure.get(uid(pod)))) {
            return;
        }
        lastFailure.put(uid(pod), reason);
        String namespace = pod.path("metadata").path("namespace").asText();
        String name = pod.path("metadata").path("name").asText();
        events.warning(pod, "FailedScheduling", reason);
        ObjectNode patch = json.createObjectNode();
        patch.putObject("metadata").put("uid", uid(pod));
        patch.putObject("status").putArray("conditions").addObject().put("type", "PodScheduled")
                .put("status", "False").put("reason", "Unschedulable").put("message", reason)
                .put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            api.patch("/api/v1/namespaces/" + namespace + "/pods/" + name + "/status",
                    "application/strategic-merge-patch+json", patch);
        } catch (ApiCallException e) {
            if (BindOutcome.of(e) == BindOutcome.STALE) {
                LOG.debugf("Marking %s/%s unschedulable: the pod changed or went meanwhile (%s)", namespace, name,
                        e.getMessage());
            } else {
                told.warn("the PodScheduled condition of pod " + namespace + "/" + name,
                        e.status() + " " + e.getMessage(), "Marking pod " + namespace + "/" + name
                                + " unschedulable (its PodScheduled condition) failed (" + e.getMessage()
                                + "); its FailedScheduling Event says why it waits");
            }
        }
    }

    private static String uid(JsonNode pod) {
        return pod.path("metadata").path("uid").asText();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the grid holds an object that is not JSON", e);
        }
    }
}

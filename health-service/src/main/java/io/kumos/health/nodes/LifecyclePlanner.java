package io.kumos.health.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.kumos.grid.nodes.Taint;
import io.kumos.grid.nodes.Toleration;

/**
 * One pass of the node lifecycle controller, decided from what the grid shows: for each node, its
 * {@link NodeHealth}, the conditions to set Unknown, the {@link NodeTaints} to write and the pods to mark not ready;
 * then, for each pod on a node with NoExecute taints, the {@link TaintEviction} verdict. Pure: the clock, the
 * observations and the objects come in, the {@link Plan} goes out; {@link LifecycleWriter} carries it out.
 *
 * <p>Evictions follow the taints the node <em>carries</em> (and still should): a taint decided in this pass evicts
 * from the next one, once it is recorded, so a pod is never evicted for a taint whose write failed.
 *
 * <p>Full disruption, as Kubernetes has it: when no node at all is ready the fault is more likely the control
 * plane's, or the whole site's, than every host's, and evicting would only empty the cluster; so nothing is evicted
 * and the NoExecute health taints are lifted from every node until one node is ready again; then the nodes still
 * failing are tainted anew and their pods' tolerations count from then (see {@link NodeTaints}). Nodes are still
 * judged, their conditions set Unknown, their NoSchedule taints kept and their pods marked not ready.
 */
public final class LifecyclePlanner {

    /** What one pass sees. */
    public record Snapshot(List<JsonNode> nodes, List<JsonNode> pods, Map<String, Boolean> heartbeatReady,
            Map<String, Instant> lastHeard, Instant now, Duration grace,
            BiFunction<String, Taint, Instant> untimedTaintSeen) {
    }

    /** Something to write. */
    public sealed interface Step {
    }

    /** Set the node's conditions to Unknown (the whole list). */
    public record MarkNodeUnknown(JsonNode node, ArrayNode conditions, Duration silentFor, String why)
            implements Step {
    }

    /** Write the node's taints (the whole list); {@code transition} says whether it goes (or comes back) from this. */
    public record SetTaints(JsonNode node, List<Taint> taints, Transition transition, String why) implements Step {
    }

    /** Whether a taint write is the node going not ready, coming back, or neither. */
    public enum Transition {
        NONE, NOT_READY, READY
    }

    /** Set the pod's Ready condition False: its node cannot serve it. */
    public record MarkPodNotReady(JsonNode pod, String node, String why) implements Step {
    }

    /** Evict the pod: its DisruptionTarget condition, then its graceful deletion. */
    public record Evict(JsonNode pod, String node, String why, boolean controlled) implements Step {
    }

    /** A pod whose eviction waits for a toleration to run out. */
    public record Deferred(JsonNode pod, String node, Instant when, String why) {
    }

    /**
     * @param nodes          each node's health, by name
     * @param fullDisruption no node is ready: nothing was evicted
     */
    public record Plan(List<Step> steps, Map<String, NodeHealth.Assessment> nodes, List<Deferred> deferred,
            boolean fullDisruption) {
    }

    private LifecyclePlanner() {
    }

    public static Plan plan(Snapshot snapshot) {
        Map<String, NodeHealth.Assessment> health = new LinkedHashMap<>();
        for (JsonNode node : snapshot.nodes()) {
            String name = name(node);
            health.put(name, NodeHealth.assess(node, snapshot.heartbeatReady().get(name),
                    snapshot.lastHeard().getOrDefault(name, snapshot.now()), snapshot.now(), snapshot.grace()));
        }
        boolean fullDisruption = !health.isEmpty()
                && health.values().stream().noneMatch(a -> a.state() == NodeHealth.State.READY);
        Map<String, List<Taint>> evicting = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        Map<String, List<JsonNode>> podsByNode = podsByNode(snapshot.pods());
        for (JsonNode node : snapshot.nodes()) {
            String name = name(node);
            NodeHealth.Assessment assessment = health.get(name);
            List<Taint> wanted = NodeTaints.desired(node, assessment, snapshot.now(), fullDisruption);
            judge(node, assessment, wanted, fullDisruption, podsByNode.getOrDefault(name, List.of()),
                    snapshot.now(), steps);
            evicting.put(name, noExecute(node, wanted, snapshot));
        }
        List<Deferred> deferred = new ArrayList<>();
        if (!fullDisruption) {
            for (JsonNode pod : snapshot.pods()) {
                List<Taint> taints = evicting.getOrDefault(nodeName(pod), List.of());
                if (!taints.isEmpty() && !pod.path("metadata").has("deletionTimestamp")) {
                    evict(pod, taints, snapshot.now(), steps, deferred);
                }
            }
        }
        return new Plan(steps, health, deferred, fullDisruption);
    }

    private static void judge(JsonNode node, NodeHealth.Assessment health, List<Taint> wanted,
            boolean fullDisruption, List<JsonNode> pods, Instant now, List<Step> steps) {
        String name = name(node);
        if (health.unreachable()) {
            NodeConditions.unknown(node, now).ifPresent(conditions -> steps.add(
                    new MarkNodeUnknown(node, conditions, health.silentFor(), health.why())));
        }
        List<Taint> current = NodeTaints.of(node);
        if (!NodeTaints.same(current, wanted)) {
            boolean before = NodeTaints.healthTainted(current);
            boolean after = NodeTaints.healthTainted(wanted);
            Transition transition = before == after ? Transition.NONE
                    : after ? Transition.NOT_READY : Transition.READY;
            steps.add(new SetTaints(node, wanted, transition, fullDisruption
                    ? health.why() + "; no node is Ready (full disruption), so its NoExecute taints are lifted "
                            + "until one is"
                    : health.why()));
        }
        if (health.state() != NodeHealth.State.READY) {
            for (JsonNode pod : pods) {
                if (podReadyNotFalse(pod)) {
                    steps.add(new MarkPodNotReady(pod, name, "node " + name + " is "
                            + (health.state() == NodeHealth.State.NOT_READY ? "NotReady" : "Unknown")
                            + ": " + health.why()));
                }
            }
        }
    }

    private static void evict(JsonNode pod, List<Taint> taints, Instant now, List<Step> steps,
            List<Deferred> deferred) {
        TaintEviction.Verdict verdict = TaintEviction.decide(Toleration.ofPod(pod), taints, now);
        if (verdict instanceof TaintEviction.Now evictNow) {
            steps.add(new Evict(pod, nodeName(pod), evictNow.why(), controlled(pod)));
        } else if (verdict instanceof TaintEviction.At at) {
            deferred.add(new Deferred(pod, nodeName(pod), at.when(), at.why()));
        }
    }

    /** The NoExecute taints the node carries and keeps, each with a time it was added. */
    private static List<Taint> noExecute(JsonNode node, List<Taint> desired, Snapshot snapshot) {
        List<Taint> taints = new ArrayList<>();
        for (Taint taint : NodeTaints.of(node)) {
            if (taint.effect().equals(Taint.NO_EXECUTE) && NodeTaints.contains(desired, taint)) {
                taints.add(taint.timeAdded() != null ? taint
                        : taint.withTimeAdded(snapshot.untimedTaintSeen().apply(name(node), taint)));
            }
        }
        return taints;
    }

    /** A pod whose Ready condition says anything but False, and that has not finished. */
    private static boolean podReadyNotFalse(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return false;
        }
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return !"False".equals(condition.path("status").asText());
            }
        }
        return false;
    }

    private static boolean controlled(JsonNode pod) {
        for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<JsonNode>> podsByNode(List<JsonNode> pods) {
        Map<String, List<JsonNode>> byNode = new HashMap<>();
        for (JsonNode pod : pods) {
            String node = nodeName(pod);
            if (!node.isEmpty()) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
            }
        }
        return byNode;
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }
}

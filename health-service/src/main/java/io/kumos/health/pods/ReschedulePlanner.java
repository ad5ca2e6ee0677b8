package io.kumos.health.pods;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One pass of the rescheduler, decided from what the grid shows and what {@link FailureMemory} saw. A pod that
 * keeps failing ({@link FailureSigns}) on a Ready node, while another pod of its controller is Ready on another
 * node, fails because of where it is: its node gets an avoid-list entry for the controller ({@link AvoidPods}), and
 * once the node carries it the pod is evicted, so that its controller's replacement is placed elsewhere. Pure: the
 * clock, the observations and the objects come in, the {@link Plan} goes out; {@link RescheduleWriter} carries it
 * out.
 *
 * <p>Why not move every failing pod: when no sibling runs anywhere else, the image or the application fails, not the
 * node, and a move only churns; a pod without a controller would not be replaced at all. Those stay, with one Event
 * saying why. A pod on a node that is not Ready is the node lifecycle controller's business (its taints evict).
 *
 * <p>Evicting only once the node <em>carries</em> the entry, as the taint eviction waits for its taint, keeps the
 * replacement off the node even when the annotation write is refused, and makes a half-done reschedule complete: a
 * pod already marked DisruptionTarget by health-service is deleted whatever else is seen of it, so a new leader
 * finishes what the last one began. An entry written before the pod was created is an older pod's and is renewed,
 * so the node is avoided for the full period after each reschedule.
 */
final class ReschedulePlanner {

    static final String DISRUPTION_REASON = "TerminationByKumosHealth";

    /** The thresholds, from {@code kumos.health.reschedule.*}. */
    record Policy(int restarts, Duration window, Duration stuckFor, Duration avoidFor) {
    }

    /**
     * What one pass sees.
     *
     * @param seen      what {@link FailureMemory} saw of each pod, by uid
     * @param announced uids of pods already told (by an Event) why they stay
     */
    record Snapshot(List<JsonNode> nodes, List<JsonNode> pods, Map<String, FailureMemory.PodFailures> seen,
            Set<String> announced, Instant now, Policy policy) {
    }

    /** Something to write. */
    sealed interface Step {
    }

    /**
     * Write the node's avoid-list.
     *
     * @param annotation the whole new value, or {@code null} to remove the annotation
     * @param added      the controllers added or renewed, for the log
     * @param expired    the controllers whose entries ran out, for the log
     */
    record Avoid(JsonNode node, String annotation, List<String> added, List<String> expired) implements Step {
    }

    /**
     * Mark the pod DisruptionTarget and delete it.
     *
     * @param resumed it is already marked (by this replica or the one before it): only the deletion is left
     */
    record Reschedule(JsonNode pod, String node, String why, boolean resumed) implements Step {
    }

    /** Tell, once, why a failing pod stays where it is. */
    record Announce(JsonNode pod, String type, String why) implements Step {
    }

    /**
     * @param avoidedNodes how many nodes carry an entry of health-service's once the plan is written
     * @param unreadable   nodes whose avoid-list annotation is not Kubernetes' AvoidPods JSON (left alone)
     */
    record Plan(List<Step> steps, int avoidedNodes, Set<String> unreadable) {
    }

    private ReschedulePlanner() {
    }

    static Plan plan(Snapshot snapshot) {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        snapshot.nodes().forEach(node -> nodes.put(name(node), node));
        Map<String, List<JsonNode>> byOwner = new HashMap<>();
        for (JsonNode pod : snapshot.pods()) {
            AvoidPods.Owner.of(pod).ifPresent(owner -> byOwner.computeIfAbsent(owner.uid(), uid -> new ArrayList<>())
                    .add(pod));
        }
        Map<String, Map<String, ObjectNode>> wanted = new HashMap<>();
        Set<String> unreadable = new LinkedHashSet<>();
        List<Step> evictions = new ArrayList<>();
        List<Step> announcements = new ArrayList<>();
        for (JsonNode pod : snapshot.pods()) {
            if (!active(pod)) {
                continue;
            }
            Optional<String> decided = decided(pod);
            if (decided.isPresent()) {
                evictions.add(new Reschedule(pod, nodeName(pod), decided.get(), true));
                continue;
            }
            JsonNode node = nodes.get(nodeName(pod));
            if (node == null || !ready(node)) {
                continue;
            }
            FailureMemory.PodFailures seen = snapshot.seen().getOrDefault(uid(pod), FailureMemory.PodFailures.NONE);
            Optional<String> failing = FailureSigns.failing(pod, seen, snapshot.now(), snapshot.policy());
            if (failing.isEmpty()) {
                continue;
            }
            String where = failing.get() + " on node " + nodeName(pod);
            Optional<AvoidPods.Owner> owner = AvoidPods.Owner.of(pod);
            if (owner.isEmpty()) {
                announce(pod, "Warning", where + "; it has no controller to replace it elsewhere, so it is not "
                        + "evicted: delete it and create it again to move it", snapshot, announcements);
                continue;
            }
            Optional<String> healthy = healthySibling(pod, byOwner.get(owner.get().uid()), nodes);
            if (healthy.isEmpty()) {
                announce(pod, "Normal", where + ", but no other pod of " + owner.get() + " is Ready on another "
                        + "node: the image or the application fails rather than the node, so moving it would not "
                        + "help; it stays", snapshot, announcements);
                continue;
            }
            Optional<List<ObjectNode>> entries = AvoidPods.read(node);
            if (entries.isEmpty()) {
                unreadable.add(nodeName(pod));
            } else if (avoids(entries.get(), owner.get(), created(pod), snapshot)) {
                evictions.add(new Reschedule(pod, nodeName(pod), where + " while " + owner.get()
                        + " runs healthily on " + healthy.get() + "; evicting the pod so it is replaced on another "
                        + "node", false));
            } else {
                wanted.computeIfAbsent(nodeName(pod), name -> new LinkedHashMap<>()).putIfAbsent(owner.get().uid(),
                        AvoidPods.entry(owner.get(), snapshot.now(), "Pod " + namespace(pod) + "/" + name(pod)
                                + ": " + where));
            }
        }
        List<Step> steps = new ArrayList<>();
        int avoided = avoidLists(nodes.values(), wanted, snapshot, steps, unreadable);
        steps.addAll(evictions);
        steps.addAll(announcements);
        return new Plan(steps, avoided, unreadable);
    }

    /** Each node's avoid-list write (this pass's entries in, expired ones out); returns how many nodes avoid. */
    private static int avoidLists(Iterable<JsonNode> nodes, Map<String, Map<String, ObjectNode>> wanted,
            Snapshot snapshot, List<Step> steps, Set<String> unreadable) {
        int avoided = 0;
        for (JsonNode node : nodes) {
            Optional<List<ObjectNode>> read = AvoidPods.read(node);
            if (read.isEmpty()) {
                unreadable.add(name(node));
                continue;
            }
            Map<String, ObjectNode> adding = wanted.getOrDefault(name(node), Map.of());
            List<ObjectNode> kept = new ArrayList<>();
            List<String> expired = new ArrayList<>();
            for (ObjectNode entry : read.get()) {
                if (AvoidPods.expired(entry, snapshot.now(), snapshot.policy().avoidFor())) {
                    expired.add(describe(entry));
                } else if (!(AvoidPods.ours(entry) && adding.containsKey(AvoidPods.uid(entry)))) {
                    kept.add(entry);
                }
            }
            kept.addAll(adding.values());
            if (!expired.isEmpty() || !adding.isEmpty()) {
                steps.add(new Avoid(node, AvoidPods.write(kept), adding.values().stream()
                        .map(ReschedulePlanner::describe).toList(), expired));
            }
            if (kept.stream().anyMatch(AvoidPods::ours)) {
                avoided++;
            }
        }
        return avoided;
    }

    /**
     * Whether the node already asks to avoid the owner for this pod: someone else's entry always does; one of ours
     * does until it expires, if it was written after the pod was created (else it was for an older pod).
     */
    private static boolean avoids(List<ObjectNode> entries, AvoidPods.Owner owner, Instant podCreated,
            Snapshot snapshot) {
        for (ObjectNode entry : entries) {
            if (!owner.uid().equals(AvoidPods.uid(entry))) {
                continue;
            }
            if (!AvoidPods.ours(entry)) {
                return true;
            }
            if (!AvoidPods.expired(entry, snapshot.now(), snapshot.policy().avoidFor())
                    && !AvoidPods.evictionTime(entry).isBefore(podCreated)) {
                return true;
            }
        }
        return false;
    }

    /** The node of another pod of the same controller that is Ready there, on a Ready node other than this one. */
    private static Optional<String> healthySibling(JsonNode pod, List<JsonNode> siblings, Map<String, JsonNode> nodes) {
        for (JsonNode sibling : siblings) {
            String node = nodeName(sibling);
            if (!uid(sibling).equals(uid(pod)) && active(sibling) && !node.equals(nodeName(pod))
                    && podReady(sibling) && nodes.containsKey(node) && ready(nodes.get(node))) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    private static void announce(JsonNode pod, String type, String why, Snapshot snapshot, List<Step> steps) {
        if (!snapshot.announced().contains(uid(pod))) {
            steps.add(new Announce(pod, type, why));
        }
    }

    /** The reason health-service gave when it marked the pod for deletion, if it did. */
    private static Optional<String> decided(JsonNode pod) {
        JsonNode condition = condition(pod, "DisruptionTarget");
        if ("True".equals(condition.path("status").asText())
                && DISRUPTION_REASON.equals(condition.path("reason").asText())) {
            return Optional.of(condition.path("message").asText(""));
        }
        return Optional.empty();
    }

    /** Bound to a node, not deleting, not finished. */
    private static boolean active(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return !nodeName(pod).isEmpty() && !pod.path("metadata").has("deletionTimestamp")
                && !phase.equals("Succeeded") && !phase.equals("Failed");
    }

    private static boolean ready(JsonNode node) {
        return "True".equals(condition(node, "Ready").path("status").asText());
    }

    private static boolean podReady(JsonNode pod) {
        return "True".equals(condition(pod, "Ready").path("status").asText());
    }

    private static JsonNode condition(JsonNode object, String type) {
        for (JsonNode condition : object.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return object.path("status").path("conditions").path(type);
    }

    private static Instant created(JsonNode pod) {
        try {
            return Instant.parse(pod.path("metadata").path("creationTimestamp").asText(""));
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static String describe(JsonNode entry) {
        JsonNode controller = entry.path("podSignature").path("podController");
        return controller.path("kind").asText() + " " + controller.path("name").asText();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText();
    }

    static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText();
    }

    static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }
}

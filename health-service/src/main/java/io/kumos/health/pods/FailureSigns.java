package io.kumos.health.pods;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a pod keeps failing where it is, from its status and what {@link FailureMemory} saw of it: a container
 * restarted at least {@code restarts} times within the window, or the pod has waited for a node-local reason for
 * longer than {@code stuck-for}. Whether the node is to blame is the planner's question (a sibling Ready
 * elsewhere); this only says that the pod fails, and how, in a sentence an operator reads. Pure.
 */
final class FailureSigns {

    /**
     * Waiting reasons that may come from the node rather than the pod: its registry access, disk or engine for
     * pulls; its engine or network for the sandbox; its view of ConfigMaps and Secrets for the configuration.
     */
    static final Set<String> NODE_LOCAL = Set.of("ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError",
            "CreatePodSandboxError");

    /** Where a pod is stuck: {@code what} names the container or condition, {@code reason} the waiting reason. */
    record Stuck(String what, String reason) {
    }

    private FailureSigns() {
    }

    /** The node-local reason the pod waits for now, from its containers' waiting states, then its conditions. */
    static Optional<Stuck> stuck(JsonNode pod) {
        JsonNode status = pod.path("status");
        for (JsonNode container : concat(status.path("initContainerStatuses"), status.path("containerStatuses"))) {
            String reason = container.path("state").path("waiting").path("reason").asText("");
            if (NODE_LOCAL.contains(reason)) {
                return Optional.of(new Stuck("Container " + container.path("name").asText(), reason));
            }
        }
        for (JsonNode condition : status.path("conditions")) {
            String reason = condition.path("reason").asText("");
            if (!"True".equals(condition.path("status").asText()) && NODE_LOCAL.contains(reason)) {
                return Optional.of(new Stuck("Condition " + condition.path("type").asText(), reason));
            }
        }
        return Optional.empty();
    }

    /** How the pod keeps failing ("Container main restarted 3 times in 1m10s"), or empty when it does not. */
    static Optional<String> failing(JsonNode pod, FailureMemory.PodFailures seen, Instant now,
            ReschedulePlanner.Policy policy) {
        JsonNode status = pod.path("status");
        Instant since = now.minus(policy.window());
        for (JsonNode container : concat(status.path("initContainerStatuses"), status.path("containerStatuses"))) {
            String name = container.path("name").asText();
            List<Instant> restarts = seen.restartsSince(name, since);
            if (restarts.size() >= policy.restarts()) {
                return Optional.of("Container " + name + " restarted " + restarts.size() + " times in "
                        + go(Duration.between(restarts.get(0), now)));
            }
        }
        Optional<Stuck> stuck = stuck(pod);
        if (stuck.isPresent() && seen.stuckSince() != null) {
            Duration stuckFor = Duration.between(seen.stuckSince(), now);
            if (stuckFor.compareTo(policy.stuckFor()) > 0) {
                return Optional.of(stuck.get().what() + " has waited with " + stuck.get().reason() + " for "
                        + go(stuckFor));
            }
        }
        return Optional.empty();
    }

    /** A duration as Go and kubectl print it: {@code 1m10s}, {@code 2h0m5s}, {@code 0s}. */
    static String go(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }

    private static List<JsonNode> concat(JsonNode first, JsonNode second) {
        List<JsonNode> all = new java.util.ArrayList<>();
        first.forEach(all::add);
        second.forEach(all::add);
        return all;
    }
}

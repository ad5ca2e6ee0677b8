package io.kumos.health.pods;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What this replica has seen of each pod's failures: when each container's {@code restartCount} rose, and since
 * when the pod has been waiting for a node-local reason. A pod's status carries neither history, so it is kept in
 * memory, on this replica's clock.
 *
 * <p>Lost on a restart, and forgotten when this replica starts leading: a pod then has to fail again under its eyes
 * before it is moved, which only delays a reschedule, never causes one. A count first seen is a baseline, not a
 * rise: restarts that happened before this replica looked are not known to be recent.
 *
 * <p>Threading: the rescheduler's thread only.
 */
final class FailureMemory {

    /** Caps what one pass may record of one container, so a count that jumps does not fill the memory. */
    private static final int MAX_RISES = 1000;

    private final Duration keep;
    private final Map<String, Tracked> pods = new HashMap<>();

    private static final class Tracked {
        private final Map<String, Integer> counts = new HashMap<>();
        private final Map<String, Deque<Instant>> rises = new HashMap<>();
        private Instant stuckSince;
    }

    /** @param keep how long a rise is remembered: the restart window */
    FailureMemory(Duration keep) {
        this.keep = keep;
    }

    /** Takes in this pass's pods and forgets those no longer there. */
    void observe(List<JsonNode> pods, Instant now) {
        Set<String> live = new HashSet<>();
        for (JsonNode pod : pods) {
            String uid = pod.path("metadata").path("uid").asText();
            live.add(uid);
            Tracked tracked = this.pods.computeIfAbsent(uid, key -> new Tracked());
            countRestarts(tracked, pod.path("status").path("initContainerStatuses"), now);
            countRestarts(tracked, pod.path("status").path("containerStatuses"), now);
            boolean stuck = FailureSigns.stuck(pod).isPresent();
            tracked.stuckSince = !stuck ? null : tracked.stuckSince == null ? now : tracked.stuckSince;
        }
        this.pods.keySet().retainAll(live);
    }

    /** What was seen of every pod, by uid. */
    Map<String, PodFailures> seen() {
        Map<String, PodFailures> seen = new HashMap<>();
        pods.forEach((uid, tracked) -> {
            Map<String, List<Instant>> restarts = new HashMap<>();
            tracked.rises.forEach((container, rises) -> restarts.put(container, List.copyOf(rises)));
            seen.put(uid, new PodFailures(restarts, tracked.stuckSince));
        });
        return seen;
    }

    void forget() {
        pods.clear();
    }

    private void countRestarts(Tracked tracked, JsonNode statuses, Instant now) {
        for (JsonNode status : statuses) {
            String container = status.path("name").asText();
            int count = status.path("restartCount").asInt(0);
            Integer before = tracked.counts.put(container, count);
            Deque<Instant> rises = tracked.rises.computeIfAbsent(container, key -> new ArrayDeque<>());
            if (before != null && count > before) {
                for (int i = 0; i < Math.min(count - before, MAX_RISES); i++) {
                    rises.addLast(now);
                }
            }
            while (!rises.isEmpty() && (rises.size() > MAX_RISES || !rises.peekFirst().isAfter(now.minus(keep)))) {
                rises.removeFirst();
            }
        }
    }

    /**
     * What was seen of one pod.
     *
     * @param restarts   when each container's restart count was seen to rise (one instant per restart), oldest first
     * @param stuckSince since when it has been waiting for a node-local reason, or {@code null}
     */
    record PodFailures(Map<String, List<Instant>> restarts, Instant stuckSince) {

        static final PodFailures NONE = new PodFailures(Map.of(), null);

        /** The restarts of each container within the window ending now. */
        List<Instant> restartsSince(String container, Instant since) {
            List<Instant> recent = new ArrayList<>();
            for (Instant rise : restarts.getOrDefault(container, List.of())) {
                if (rise.isAfter(since)) {
                    recent.add(rise);
                }
            }
            return recent;
        }
    }
}

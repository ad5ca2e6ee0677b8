package io.kumos.placement.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pods this scheduler bound that its informer still shows pending, as kube-scheduler's cache assumes them. The
 * API has committed the binding, but the informer hears of it a moment later, and passes follow each other within
 * milliseconds when changes wake them: a pass in between would see the pod pending and its room on the node free,
 * place it again, and place another pod beside it that an anti-affinity forbids. Such a pod is taken as running on
 * its node until the informer shows it bound or gone, or {@link #TTL} passed (a binding that never shows is then
 * looked at afresh: binding it again is refused if it did happen). Keyed by uid. Pure; the scheduler's thread only.
 */
final class AssumedPods {

    static final Duration TTL = Duration.ofSeconds(30);

    private record Assumed(String node, Instant until) {
    }

    private final Map<String, Assumed> pods = new HashMap<>();

    /** The pod's binding to the node was committed. */
    void bound(String uid, String node, Instant now) {
        pods.put(uid, new Assumed(node, now.plus(TTL)));
    }

    /** The node a pod that the informer shows pending was bound to, if its binding has not shown yet. */
    Optional<String> nodeOf(String uid, Instant now) {
        Assumed assumed = pods.get(uid);
        if (assumed == null) {
            return Optional.empty();
        }
        if (!now.isBefore(assumed.until())) {
            pods.remove(uid);
            return Optional.empty();
        }
        return Optional.of(assumed.node());
    }

    /** Forgets the pods the informer no longer shows pending: their binding has shown, or they are gone. */
    void retainOnly(Set<String> pendingUids) {
        pods.keySet().retainAll(pendingUids);
    }

    int size() {
        return pods.size();
    }
}

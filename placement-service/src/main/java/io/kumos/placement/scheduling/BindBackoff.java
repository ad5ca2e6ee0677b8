package io.kumos.placement.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.kumos.placement.scheduling.queue.SchedulingQueue;

/**
 * The pods whose bind failed for another reason than a stale view, back in the queue: each is tried again after a
 * back-off (1 s, doubling up to 10 s per failure in a row, as kube-scheduler's pod back-off), and while it waits
 * its place on the node it was being bound to is kept if that bind may have happened. Keyed by the pod's uid, so a
 * new pod of the same name starts afresh. Pure; used by the scheduler's thread only.
 */
final class BindBackoff {

    static final Duration INITIAL = SchedulingQueue.INITIAL_BACKOFF;

    /**
     * A pod waiting to be tried again.
     *
     * @param failures how many binds of it failed in a row
     * @param node     the node its last bind went to, when that bind may have happened (else empty)
     */
    record Waiting(int failures, Instant until, Optional<String> node) {
    }

    private final Map<String, Waiting> waiting = new HashMap<>();

    /** Puts the pod back in the queue after a failed bind; answers how long it waits. */
    Duration failed(String uid, String node, BindOutcome outcome, Instant now) {
        int failures = waiting.containsKey(uid) ? waiting.get(uid).failures() + 1 : 1;
        Duration delay = delay(failures);
        waiting.put(uid, new Waiting(failures, now.plus(delay),
                outcome == BindOutcome.UNCERTAIN ? Optional.of(node) : Optional.empty()));
        return delay;
    }

    /** The back-off after this many failures in a row. */
    static Duration delay(int failures) {
        return SchedulingQueue.backoff(failures);
    }

    /** Whether the pod must wait still rather than be placed in this pass. */
    boolean waits(String uid, Instant now) {
        Waiting entry = waiting.get(uid);
        return entry != null && now.isBefore(entry.until());
    }

    /** The node whose room the waiting pod may hold (its last bind went there and may have happened). */
    Optional<String> heldNode(String uid, Instant now) {
        Waiting entry = waiting.get(uid);
        return entry == null || !now.isBefore(entry.until()) ? Optional.empty() : entry.node();
    }

    /** The pod is bound, or was decided again from a fresh view: it waits no more. */
    void done(String uid) {
        waiting.remove(uid);
    }

    /** Forgets the pods that are no longer pending (bound, finished or gone). */
    void retainOnly(Set<String> pendingUids) {
        waiting.keySet().retainAll(pendingUids);
    }

    int size() {
        return waiting.size();
    }
}

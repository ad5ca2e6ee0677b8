package io.kumos.placement.scheduling.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.QueuedPod;

/**
 * The pending pods, as kube-scheduler's scheduling queue holds them: an active queue in the profile's queue-sort
 * order, from which pods are popped to be scheduled; a back-off queue of pods that failed and wait (1 s, doubling
 * per failure up to 10 s); and the unschedulable pods, which stay out until a cluster event one of the plugins that
 * rejected them registered for (a node added or changed, a pod deleted …) moves them back, and at the latest after
 * 5 minutes. A pending pod that changes goes back to the active queue at once. Keyed by uid, so a new pod of the
 * same name starts afresh. Used by the scheduler's thread only.
 */
public final class SchedulingQueue {

    public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How long an unschedulable pod waits for an event before it is tried again anyway. */
    public static final Duration MAX_UNSCHEDULABLE = Duration.ofMinutes(5);

    private record Waiting(QueuedPod pod, Instant until) {
    }

    private record Unschedulable(QueuedPod pod, Instant since, Instant backoffUntil, Set<String> plugins) {
    }

    private final PriorityQueue<QueuedPod> active;
    private final Map<String, QueuedPod> activeByUid = new HashMap<>();
    private final Map<String, Waiting> backoff = new HashMap<>();
    private final Map<String, Unschedulable> unschedulable = new HashMap<>();
    private final Map<String, Set<ClusterEvent>> pluginEvents;

    /**
     * @param order        the queue sort plugin's order
     * @param pluginEvents the events each plugin registered for, by plugin name
     */
    public SchedulingQueue(Comparator<QueuedPod> order, Map<String, Set<ClusterEvent>> pluginEvents) {
        this.active = new PriorityQueue<>(order);
        this.pluginEvents = Map.copyOf(pluginEvents);
    }

    /** The back-off after this many failed attempts in a row. */
    public static Duration backoff(int attempts) {
        long seconds = INITIAL_BACKOFF.toSeconds() << Math.min(Math.max(attempts, 1) - 1, 10);
        return seconds >= MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    /**
     * Brings the queue in line with the pods pending now: new ones join the active queue, changed ones are updated
     * (and, if unschedulable, tried again), those no longer pending (bound, deleted) leave.
     */
    public void sync(Collection<PodInfo> pending, Instant now) {
        Map<String, PodInfo> byUid = new HashMap<>();
        pending.forEach(pod -> byUid.put(pod.uid(), pod));
        active.removeIf(queued -> !byUid.containsKey(queued.pod().uid()));
        activeByUid.keySet().retainAll(byUid.keySet());
        backoff.keySet().retainAll(byUid.keySet());
        unschedulable.keySet().retainAll(byUid.keySet());
        for (PodInfo pod : byUid.values()) {
            String uid = pod.uid();
            if (activeByUid.containsKey(uid)) {
                QueuedPod old = activeByUid.get(uid);
                if (!old.pod().resourceVersion().equals(pod.resourceVersion())) {
                    active.remove(old);
                    activate(old.withPod(pod));
                }
            } else if (backoff.containsKey(uid)) {
                Waiting waiting = backoff.get(uid);
                backoff.put(uid, new Waiting(waiting.pod().withPod(pod), waiting.until()));
            } else if (unschedulable.containsKey(uid)) {
                Unschedulable entry = unschedulable.remove(uid);
                if (changed(entry.pod().pod(), pod)) {
                    requeue(entry.pod().withPod(pod), entry.backoffUntil(), now);
                } else {
                    unschedulable.put(uid, new Unschedulable(entry.pod().withPod(pod), entry.since(),
                            entry.backoffUntil(), entry.plugins()));
                }
            } else {
                activate(new QueuedPod(pod, now, 0));
            }
        }
    }

    /**
     * Whether the pod changed in a way that may make it schedulable: its spec, labels or annotations (not its status,
     * which the scheduler itself writes when it finds no node).
     */
    private static boolean changed(PodInfo old, PodInfo pod) {
        return !old.json().path("spec").equals(pod.json().path("spec"))
                || !old.json().path("metadata").path("labels").equals(pod.json().path("metadata").path("labels"))
                || !old.json().path("metadata").path("annotations")
                        .equals(pod.json().path("metadata").path("annotations"));
    }

    /** Moves the pods whose back-off is over, and the unschedulable ones that waited too long, to the active queue. */
    public void flush(Instant now) {
        for (Iterator<Waiting> it = backoff.values().iterator(); it.hasNext();) {
            Waiting waiting = it.next();
            if (!now.isBefore(waiting.until())) {
                it.remove();
                activate(waiting.pod());
            }
        }
        for (Iterator<Unschedulable> it = unschedulable.values().iterator(); it.hasNext();) {
            Unschedulable entry = it.next();
            if (!now.isBefore(entry.since().plus(MAX_UNSCHEDULABLE))) {
                it.remove();
                activate(entry.pod());
            }
        }
    }

    /** The next pod to schedule, in queue-sort order. */
    public Optional<QueuedPod> pop() {
        QueuedPod next = active.poll();
        if (next != null) {
            activeByUid.remove(next.pod().uid());
        }
        return Optional.ofNullable(next);
    }

    /** No node fits the pod: it waits for an event of one of these plugins (or any, if none is named). */
    public void unschedulable(QueuedPod pod, Set<String> plugins, Instant now) {
        QueuedPod failed = pod.failedOnce();
        unschedulable.put(pod.pod().uid(), new Unschedulable(failed, now, now.plus(backoff(failed.attempts())),
                Set.copyOf(plugins)));
    }

    /** The attempt failed otherwise (an error, a failed bind): the pod waits until {@code until}. */
    public void backoff(QueuedPod pod, Instant until) {
        backoff.put(pod.pod().uid(), new Waiting(pod.failedOnce(), until));
    }

    /** The pod is to be tried again from a fresh view, in the next pass, with no back-off. */
    public void retry(QueuedPod pod, Instant now) {
        backoff.put(pod.pod().uid(), new Waiting(pod, now));
    }

    /** A cluster event: the unschedulable pods it may help are tried again (after what is left of their back-off). */
    public void onEvent(ClusterEvent event, Instant now) {
        for (Iterator<Unschedulable> it = unschedulable.values().iterator(); it.hasNext();) {
            Unschedulable entry = it.next();
            boolean helps = entry.plugins().isEmpty() || entry.plugins().stream()
                    .anyMatch(plugin -> pluginEvents.getOrDefault(plugin, ClusterEvent.ALL).contains(event));
            if (helps) {
                it.remove();
                requeue(entry.pod(), entry.backoffUntil(), now);
            }
        }
    }

    private void requeue(QueuedPod pod, Instant backoffUntil, Instant now) {
        if (now.isBefore(backoffUntil)) {
            backoff.put(pod.pod().uid(), new Waiting(pod, backoffUntil));
        } else {
            activate(pod);
        }
    }

    private void activate(QueuedPod pod) {
        active.add(pod);
        activeByUid.put(pod.pod().uid(), pod);
    }

    public int activeSize() {
        return active.size();
    }

    public int backoffSize() {
        return backoff.size();
    }

    public int unschedulableSize() {
        return unschedulable.size();
    }
}

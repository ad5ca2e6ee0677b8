package io.kumos.placement.scheduling;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.problems.OncePerObject;
import io.kumos.placement.scheduling.framework.BindPlugin;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PermitPlugin;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Profile;
import io.kumos.placement.scheduling.framework.QueuedPod;
import io.kumos.placement.scheduling.framework.ReservePlugin;
import io.kumos.placement.scheduling.framework.Status;
import io.kumos.placement.scheduling.queue.SchedulingQueue;

/**
 * The part of scheduling after a node is chosen: reserve, permit, bind, as kube-scheduler's binding cycle. The pod
 * is assumed on the node (its room taken in the pass's snapshot, and in later passes' until the informer shows the
 * binding: {@link AssumedPods}) once bound, or while a bind that got no clear
 * answer may have happened; a stale bind (the pod changed or went) is decided again next pass from a fresh view; any
 * other failure sends the pod to the back-off queue ({@link BindBackoff}) and is told once per pod and reason.
 * Runs on the scheduler's thread; the bind blocks on the API.
 */
final class BindingCycle {

    private static final Logger LOG = Logger.getLogger(BindingCycle.class);

    private final BindBackoff backoff;
    private final AssumedPods assumed;
    private final SchedulingQueue queue;
    private final SchedulingReports reports;
    private final OncePerObject told;

    BindingCycle(BindBackoff backoff, AssumedPods assumed, SchedulingQueue queue, SchedulingReports reports,
            OncePerObject told) {
        this.backoff = backoff;
        this.assumed = assumed;
        this.queue = queue;
        this.reports = reports;
        this.told = told;
    }

    /** Reserves, permits and binds; answers whether the pod's room on the node is taken (bound, or may be). */
    boolean run(Profile profile, CycleState state, QueuedPod queued, NodeInfo node, Instant now) {
        PodInfo pod = queued.pod();
        Status refused = reserveAndPermit(profile, state, pod, node.name());
        if (refused != null) {
            queue.backoff(queued, now.plus(SchedulingQueue.backoff(queued.attempts() + 1)));
            told.warn("pod " + pod.key(), refused.plugin() + " " + refused.message(), "Plugin " + refused.plugin()
                    + " refused pod " + pod.key() + " on node " + node.name() + " (" + refused.message()
                    + "); it goes back to the queue");
            return false;
        }
        try {
            for (BindPlugin binder : profile.binders()) {
                if (!binder.bind(state, pod, node.name()).isSkip()) {
                    break;
                }
            }
        } catch (ApiCallException e) {
            boolean held = failed(queued, node.name(), e, now);
            if (!held) {
                unreserve(profile, state, pod, node.name());
            }
            return held;
        }
        backoff.done(pod.uid());
        assumed.bound(pod.uid(), node.name(), now);
        told.recovered("pod " + pod.key(), "Bound pod " + pod.key() + " to node " + node.name()
                + " after failed attempts");
        LOG.debugf("Bound pod %s to %s", pod.key(), node.name());
        reports.scheduled(pod, node.name());
        return true;
    }

    /** The first refusal of a reserve or permit plugin (the reserved ones are unreserved), or null. */
    private static Status reserveAndPermit(Profile profile, CycleState state, PodInfo pod, String node) {
        for (ReservePlugin plugin : profile.reserves()) {
            Status status = plugin.reserve(state, pod, node);
            if (!status.isSuccess()) {
                unreserve(profile, state, pod, node);
                return status.from(plugin.name());
            }
        }
        for (PermitPlugin plugin : profile.permits()) {
            Status status = plugin.permit(state, pod, node);
            if (!status.isSuccess() && !status.isSkip()) {
                unreserve(profile, state, pod, node);
                return status.from(plugin.name());
            }
        }
        return null;
    }

    private static void unreserve(Profile profile, CycleState state, PodInfo pod, String node) {
        for (int i = profile.reserves().size() - 1; i >= 0; i--) {
            profile.reserves().get(i).unreserve(state, pod, node);
        }
    }

    private boolean failed(QueuedPod queued, String node, ApiCallException e, Instant now) {
        PodInfo pod = queued.pod();
        String object = "pod " + pod.key();
        BindOutcome outcome = BindOutcome.of(e);
        if (outcome == BindOutcome.STALE) {
            backoff.done(pod.uid());
            queue.retry(queued, now);
            LOG.debugf("Binding %s to %s: the pod changed or went meanwhile, decided again next pass (%s)", object,
                    node, e.getMessage());
            return false;
        }
        Duration delay = backoff.failed(pod.uid(), node, outcome, now);
        queue.backoff(queued, now.plus(delay));
        told.warn(object, e.status() + " " + e.getMessage(), "Binding " + object + " to node " + node + " failed ("
                + e.getMessage() + "); it goes back to the queue and is tried again in " + delay.toSeconds() + " s"
                + (outcome == BindOutcome.UNCERTAIN
                        ? ", its room on the node kept meanwhile, as the bind may have happened"
                        : "") + ". Is the api-gateway up? Check './kumos status'.");
        return outcome == BindOutcome.UNCERTAIN;
    }
}

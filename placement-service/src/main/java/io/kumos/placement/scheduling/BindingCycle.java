package io.kumos.placement.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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
 * The part of scheduling after a node is chosen: reserve, permit, bind, as kube-scheduler's binding cycle, which
 * binds in goroutines of its own while the next pods are decided. Reserve and permit run on the pass's thread; the
 * pod is then assumed on its node (the pass takes its room at once) and its bind, with its {@code Scheduled} Event,
 * runs on one of {@code parallel} bind threads, since each is a durable write of the API. The pass settles the
 * outcomes on its own thread, when that many binds are under way and before it ends: a pod stays assumed (its room
 * taken in later passes' snapshots until the informer shows the binding: {@link AssumedPods}) once bound, or while
 * a bind that got no clear answer may have happened; a stale bind (the pod changed or went) is decided again next
 * pass from a fresh view; any other failure sends the pod to the back-off queue ({@link BindBackoff}) and is told
 * once per pod and reason. Everything but the binds themselves is confined to the pass's thread.
 */
final class BindingCycle implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BindingCycle.class);

    private final BindBackoff backoff;
    private final AssumedPods assumed;
    private final SchedulingQueue queue;
    private final SchedulingReports reports;
    private final SchedulerStats stats;
    private final OncePerObject told;
    private final int parallel;
    private final ExecutorService binders;
    private final Deque<Bind> underWay = new ArrayDeque<>();

    BindingCycle(BindBackoff backoff, AssumedPods assumed, SchedulingQueue queue, SchedulingReports reports,
            SchedulerStats stats, OncePerObject told, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("at least one bind at a time, not " + parallel);
        }
        this.backoff = backoff;
        this.assumed = assumed;
        this.queue = queue;
        this.reports = reports;
        this.stats = stats;
        this.told = told;
        this.parallel = parallel;
        AtomicInteger count = new AtomicInteger();
        this.binders = Executors.newFixedThreadPool(parallel, runnable -> {
            Thread thread = new Thread(runnable, "kumos-bind-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reserves and permits, then starts the bind; answers whether it started, in which case the pod's room on the
     * node is to be taken at once. Settles the oldest bind first when {@code parallel} are under way.
     */
    boolean start(Profile profile, CycleState state, QueuedPod queued, NodeInfo node, Instant now) {
        PodInfo pod = queued.pod();
        Status refused = reserveAndPermit(profile, state, pod, node.name());
        if (refused != null) {
            queue.backoff(queued, now.plus(SchedulingQueue.backoff(queued.attempts() + 1)));
            told.warn("pod " + pod.key(), refused.plugin() + " " + refused.message(), "Plugin " + refused.plugin()
                    + " refused pod " + pod.key() + " on node " + node.name() + " (" + refused.message()
                    + "); it goes back to the queue");
            return false;
        }
        if (underWay.size() >= parallel) {
            settle(underWay.poll(), now);
        }
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(
                () -> bind(profile, state, pod, node.name()), binders);
        underWay.add(new Bind(profile, state, queued, node.name(), outcome));
        return true;
    }

    /** Waits for every bind under way and settles it. */
    void settleAll(Instant now) {
        for (Bind bind = underWay.poll(); bind != null; bind = underWay.poll()) {
            settle(bind, now);
        }
    }

    @Override
    public void close() {
        binders.shutdown(); // not shutdownNow: a bind dropped unstarted would leave its pass waiting for ever
    }

    /**
     * On a bind thread: the profile's binders, the first that does not skip, and the Scheduled Event; what failed,
     * if anything, is the outcome's, for the pass to settle.
     */
    private Outcome bind(Profile profile, CycleState state, PodInfo pod, String node) {
        long started = System.nanoTime();
        try {
            for (BindPlugin binder : profile.binders()) {
                if (!binder.bind(state, pod, node).isSkip()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            return new Outcome(System.nanoTime() - started, e);
        }
        reports.recordScheduled(pod, node);
        return new Outcome(System.nanoTime() - started, null);
    }

    private void settle(Bind bind, Instant now) {
        PodInfo pod = bind.queued().pod();
        Outcome outcome = bind.outcome().join();
        if (outcome.failure() == null) {
            backoff.done(pod.uid());
            assumed.bound(pod.uid(), bind.node(), now);
            reports.bound(pod);
            told.recovered("pod " + pod.key(), "Bound pod " + pod.key() + " to node " + bind.node()
                    + " after failed attempts");
            LOG.debugf("Bound pod %s to %s", pod.key(), bind.node());
            stats.bindCycle(outcome.nanos(), true);
            return;
        }
        boolean held = outcome.failure() instanceof ApiCallException failure
                ? failed(bind.queued(), bind.node(), failure, now)
                : broken(bind.queued(), bind.node(), outcome.failure(), now);
        if (!held) {
            unreserve(bind.profile(), bind.state(), pod, bind.node());
        }
        stats.bindCycle(outcome.nanos(), held);
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

    /** A bind plugin that failed otherwise than by the API's answer: a defect, told; the pod backs off. */
    private boolean broken(QueuedPod queued, String node, RuntimeException e, Instant now) {
        PodInfo pod = queued.pod();
        queue.backoff(queued, now.plus(SchedulingQueue.backoff(queued.attempts() + 1)));
        told.warn("pod " + pod.key(), e.toString(), "Binding pod " + pod.key() + " to node " + node + " failed ("
                + e + "); it goes back to the queue");
        return false;
    }

    /** A bind under way: what settling it needs. */
    private record Bind(Profile profile, CycleState state, QueuedPod queued, String node,
            CompletableFuture<Outcome> outcome) {
    }

    /** How long a bind took, and what failed ({@code null}: bound). */
    private record Outcome(long nanos, RuntimeException failure) {
    }
}

package io.kumos.health.nodes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.nodes.Taint;

/**
 * The taints a node should carry, as Kubernetes' node lifecycle controller keeps them: {@code unreachable:NoExecute}
 * while it is not heard from, {@code not-ready:NoExecute} while it is heard from but cannot run pods (the one
 * replaces the other, with a new timeAdded), neither when it is ready; and, as TaintNodesByCondition does,
 * {@code unreachable:NoSchedule} while its Ready is Unknown, {@code not-ready:NoSchedule} while it is False and
 * {@code unschedulable:NoSchedule} exactly while it is cordoned ({@code spec.unschedulable}). Every other taint is
 * kept as it is, and a taint that stays keeps its timeAdded, so the eviction deadlines of its pods do not move.
 *
 * <p>In full disruption (no node is ready) the NoExecute health taints are lifted from every node, as Kubernetes
 * does on entering it: when the whole cluster fails at once (an engine paused on a single-host cluster, the site's
 * network) the fault is not the hosts', and a toleration should not run out meanwhile. When a node is ready again,
 * the nodes still failing are tainted anew, with a new timeAdded, so the pods' toleration timers start over. The
 * NoSchedule taints stay throughout: they only keep new pods off. Pure.
 */
public final class NodeTaints {

    private NodeTaints() {
    }

    /** The node's taints as it carries them. */
    public static List<Taint> of(JsonNode node) {
        List<Taint> taints = new ArrayList<>();
        node.path("spec").path("taints").forEach(taint -> taints.add(Taint.of(taint)));
        return taints;
    }

    /**
     * The taints the node should carry now.
     *
     * @param fullDisruption no node is ready: the NoExecute health taints go
     */
    public static List<Taint> desired(JsonNode node, NodeHealth.Assessment health, Instant now,
            boolean fullDisruption) {
        List<Taint> current = of(node);
        Instant added = now.truncatedTo(ChronoUnit.SECONDS);
        List<Taint> wanted = new ArrayList<>(current);
        // Heard from again with Ready still Unknown: the agent's next status decides; until then nothing moves.
        boolean unsettled = health.state() == NodeHealth.State.UNKNOWN && health.heard();
        boolean unreachable = health.unreachable();
        boolean notReady = health.state() == NodeHealth.State.NOT_READY;
        if (fullDisruption) {
            wanted.removeIf(taint -> taint.effect().equals(Taint.NO_EXECUTE) && health(taint));
        } else if (!unsettled) {
            set(wanted, new Taint(Taint.UNREACHABLE, "", Taint.NO_EXECUTE, added), unreachable);
            set(wanted, new Taint(Taint.NOT_READY, "", Taint.NO_EXECUTE, added), notReady);
        }
        set(wanted, new Taint(Taint.UNREACHABLE, "", Taint.NO_SCHEDULE, null),
                health.state() == NodeHealth.State.UNKNOWN);
        set(wanted, new Taint(Taint.NOT_READY, "", Taint.NO_SCHEDULE, null), notReady);
        set(wanted, new Taint(Taint.UNSCHEDULABLE, "", Taint.NO_SCHEDULE, null),
                node.path("spec").path("unschedulable").asBoolean(false));
        return wanted;
    }

    /** Whether two lists hold the same taints (key and effect), whatever their order. */
    public static boolean same(List<Taint> a, List<Taint> b) {
        return a.size() == b.size() && a.stream().allMatch(taint -> contains(b, taint));
    }

    /**
     * Whether the node is tainted for its health (unreachable or not ready, with either effect): what tells a node
     * going not ready, or coming back, from a node whose NoExecute taints are only lifted or restored for a full
     * disruption (its NoSchedule ones stay).
     */
    public static boolean healthTainted(List<Taint> taints) {
        return taints.stream().anyMatch(NodeTaints::health);
    }

    private static boolean health(Taint taint) {
        return taint.key().equals(Taint.UNREACHABLE) || taint.key().equals(Taint.NOT_READY);
    }

    static boolean contains(List<Taint> taints, Taint taint) {
        return taints.stream().anyMatch(taint::matches);
    }

    private static void set(List<Taint> taints, Taint taint, boolean present) {
        if (!present) {
            taints.removeIf(taint::matches);
        } else if (!contains(taints, taint)) {
            taints.add(taint);
        }
    }
}

package io.kumos.health.nodes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The taints a node should carry, as Kubernetes' node lifecycle controller keeps them: {@code unreachable:NoExecute}
 * while it is not heard from, {@code not-ready:NoExecute} while it is heard from but cannot run pods (the one
 * replaces the other, with a new timeAdded), neither when it is ready; and {@code unschedulable:NoSchedule} exactly
 * while it is cordoned ({@code spec.unschedulable}), as TaintNodeByCondition does. Every other taint is kept as it
 * is, and a taint that stays keeps its timeAdded, so the eviction deadlines of its pods do not move. Pure.
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

    /** The taints the node should carry now. */
    public static List<Taint> desired(JsonNode node, NodeHealth.Assessment health, Instant now) {
        List<Taint> current = of(node);
        Instant added = now.truncatedTo(ChronoUnit.SECONDS);
        List<Taint> wanted = new ArrayList<>(current);
        boolean keepHealthTaints = health.state() == NodeHealth.State.UNKNOWN && health.heard();
        if (!keepHealthTaints) {
            set(wanted, new Taint(Taint.UNREACHABLE, "", Taint.NO_EXECUTE, added), health.unreachable());
            set(wanted, new Taint(Taint.NOT_READY, "", Taint.NO_EXECUTE, added),
                    health.state() == NodeHealth.State.NOT_READY);
        }
        set(wanted, new Taint(Taint.UNSCHEDULABLE, "", Taint.NO_SCHEDULE, null),
                node.path("spec").path("unschedulable").asBoolean(false));
        return wanted;
    }

    /** Whether two lists hold the same taints (key and effect), whatever their order. */
    public static boolean same(List<Taint> a, List<Taint> b) {
        return a.size() == b.size() && a.stream().allMatch(taint -> contains(b, taint));
    }

    /** Whether the node is tainted for its health (unreachable or not ready, NoExecute). */
    public static boolean healthTainted(List<Taint> taints) {
        return taints.stream().anyMatch(taint -> taint.effect().equals(Taint.NO_EXECUTE)
                && (taint.key().equals(Taint.UNREACHABLE) || taint.key().equals(Taint.NOT_READY)));
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

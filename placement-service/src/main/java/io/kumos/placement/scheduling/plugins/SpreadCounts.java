package io.kumos.placement.scheduling.plugins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kumos.grid.nodes.Taint;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.SpreadConstraint;

/**
 * The pods each spread constraint selects, by topology domain, over the nodes that count for the pod: those with
 * every constraint's topology key, that match the pod's node affinity and selector (unless
 * {@code nodeAffinityPolicy: Ignore}) and whose taints it tolerates (with {@code nodeTaintsPolicy: Honor}). Pods
 * count if in the pod's namespace and not being deleted. Pure.
 */
final class SpreadCounts {

    private SpreadCounts() {
    }

    /** Whether the node counts for the pod's constraints. */
    static boolean eligible(PodInfo pod, NodeInfo node, List<SpreadConstraint> constraints) {
        for (SpreadConstraint constraint : constraints) {
            if (!node.labels().containsKey(constraint.topologyKey())) {
                return false;
            }
            if (constraint.honorNodeAffinity() && !pod.admits(node.name(), node.labels())) {
                return false;
            }
            if (constraint.honorTaints() && !tolerates(pod, node)) {
                return false;
            }
        }
        return true;
    }

    /** How many of the node's pods the constraint selects. */
    static int matching(PodInfo pod, NodeInfo node, SpreadConstraint constraint) {
        return node.count(pod.namespace(), constraint.selector(), false);
    }

    /** Each domain's count, for each constraint (in order), over the eligible nodes. */
    static List<Map<String, Integer>> byDomain(PodInfo pod, List<NodeInfo> nodes, List<SpreadConstraint> constraints) {
        List<Map<String, Integer>> counts = new ArrayList<>();
        constraints.forEach(constraint -> counts.add(new HashMap<>()));
        for (NodeInfo node : nodes) {
            if (!eligible(pod, node, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                SpreadConstraint constraint = constraints.get(i);
                counts.get(i).merge(node.labels().get(constraint.topologyKey()), matching(pod, node, constraint),
                        Integer::sum);
            }
        }
        return counts;
    }

    private static boolean tolerates(PodInfo pod, NodeInfo node) {
        for (Taint taint : node.taints()) {
            boolean keepsOff = taint.effect().equals(Taint.NO_SCHEDULE) || taint.effect().equals(Taint.NO_EXECUTE);
            if (keepsOff && pod.tolerations().stream().noneMatch(toleration -> toleration.tolerates(taint))) {
                return false;
            }
        }
        return true;
    }
}

package io.kumos.placement.scheduling.plugins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kumos.grid.nodes.Taint;
import io.kumos.grid.nodes.Toleration;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.NodeSelectorTerm;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Snapshot;
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

    /**
     * Each domain's count, for each constraint (in order), over the eligible nodes: every eligible node's domain
     * (remembered per snapshot for pods that ask the same of the nodes), with the pods counted on the nodes that
     * may hold selected ones.
     */
    static List<Map<String, Integer>> byDomain(PodInfo pod, Snapshot snapshot, List<SpreadConstraint> constraints) {
        List<Set<String>> domains = snapshot.memo(Eligibility.of(pod, constraints),
                key -> eligibleDomains(pod, snapshot.nodes(), constraints));
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            SpreadConstraint constraint = constraints.get(i);
            Map<String, Integer> byDomain = new HashMap<>();
            domains.get(i).forEach(domain -> byDomain.put(domain, 0));
            for (NodeInfo node : snapshot.placed().candidates(pod.namespace(), constraint.selector(), snapshot.nodes())) {
                if (eligible(pod, node, constraints)) {
                    byDomain.merge(node.labels().get(constraint.topologyKey()), matching(pod, node, constraint),
                            Integer::sum);
                }
            }
            counts.add(byDomain);
        }
        return counts;
    }

    private static List<Set<String>> eligibleDomains(PodInfo pod, List<NodeInfo> nodes, List<SpreadConstraint> constraints) {
        List<Set<String>> domains = new ArrayList<>();
        constraints.forEach(constraint -> domains.add(new HashSet<>()));
        for (NodeInfo node : nodes) {
            if (eligible(pod, node, constraints)) {
                for (int i = 0; i < constraints.size(); i++) {
                    domains.get(i).add(node.labels().get(constraints.get(i).topologyKey()));
                }
            }
        }
        return domains;
    }

    /** All that makes a node eligible for a pod's constraints: pods equal in it count over the same domains. */
    private record Eligibility(List<String> topologyKeys, List<Boolean> honorAffinity, List<Boolean> honorTaints,
            Map<String, String> nodeSelector, List<NodeSelectorTerm> requiredAffinity, List<Toleration> tolerations) {

        static Eligibility of(PodInfo pod, List<SpreadConstraint> constraints) {
            return new Eligibility(constraints.stream().map(SpreadConstraint::topologyKey).toList(),
                    constraints.stream().map(SpreadConstraint::honorNodeAffinity).toList(),
                    constraints.stream().map(SpreadConstraint::honorTaints).toList(),
                    pod.nodeSelector(), pod.requiredAffinity(), pod.tolerations());
        }
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

package io.kumos.placement.scheduling.plugins;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Resources;
import io.kumos.placement.scheduling.framework.ScorePlugin;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Resource fit, as upstream's NodeResourcesFit. The filter: one more pod must be allowed ({@code Too many pods}) and
 * each resource the pod requests (its containers, its largest init container, its overhead: {@code PodRequests})
 * must fit in what the node's pods leave of its allocatable ({@code Insufficient <resource>}, every short resource
 * told). The score follows the {@link ScoringStrategy}, over the requests with the non-zero defaults for pods that
 * ask no CPU or memory; the resources weighted, those the node has none of left out.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesFit";
    static final String TOO_MANY_PODS = "Too many pods";
    private static final List<String> CPU_AND_MEMORY = List.of(Resources.CPU, Resources.MEMORY);

    private final ScoringStrategy strategy;

    public NodeResourcesFit(ScoringStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return EnumSet.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_CHANGED, ClusterEvent.ASSIGNED_POD_DELETED);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<String> reasons = new ArrayList<>();
        if (node.pods().size() + 1 > node.allowedPods()) {
            reasons.add(TOO_MANY_PODS);
        }
        for (String resource : ordered(pod.requests())) {
            long wanted = pod.requests().get(resource);
            if (wanted > 0 && wanted > node.allocatable().get(resource) - node.requested().get(resource)) {
                reasons.add("Insufficient " + resource);
            }
        }
        return reasons.isEmpty() ? Status.success() : Status.unschedulable(reasons.toArray(String[]::new));
    }

    /** CPU, memory, then the other resources by name, as upstream checks them. */
    private static List<String> ordered(Resources requests) {
        if (requests.names().stream().allMatch(name -> name.equals(Resources.CPU) || name.equals(Resources.MEMORY))) {
            return CPU_AND_MEMORY;
        }
        List<String> names = new ArrayList<>(CPU_AND_MEMORY);
        Set<String> others = new TreeSet<>(requests.names());
        others.removeAll(names);
        names.addAll(others);
        return names;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long weighted = 0;
        long weights = 0;
        for (ScoringStrategy.ResourceWeight resource : strategy.resources()) {
            long capacity = node.allocatable().get(resource.name());
            if (capacity == 0) {
                continue;
            }
            long requested = nonZero(node, pod, resource.name());
            long score = strategy.score(requested, capacity);
            weighted += score * resource.weight();
            weights += resource.weight();
        }
        if (weights == 0) {
            return 0;
        }
        return strategy.type() == ScoringStrategy.Type.REQUESTED_TO_CAPACITY_RATIO
                ? Math.round((double) weighted / weights)
                : weighted / weights;
    }

    private static long nonZero(NodeInfo node, PodInfo pod, String resource) {
        return node.nonZeroRequested().get(resource) + pod.nonZeroRequests().get(resource);
    }
}

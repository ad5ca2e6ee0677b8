package io.kumos.placement.scheduling.plugins;

import java.util.ArrayList;
import java.util.List;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.ScorePlugin;

/**
 * Prefers nodes whose resources would be used evenly, as upstream's NodeResourcesBalancedAllocation: for each
 * resource (CPU and memory by default) the share of allocatable requested after placing the pod (at most 1), and
 * the score is 100 × (1 − their standard deviation). Counts actual requests, not the non-zero defaults.
 */
public final class NodeResourcesBalancedAllocation implements ScorePlugin {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    private final List<String> resources;

    public NodeResourcesBalancedAllocation(List<String> resources) {
        this.resources = List.copyOf(resources);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Double> fractions = new ArrayList<>();
        for (String resource : resources) {
            long capacity = node.allocatable().get(resource);
            if (capacity > 0) {
                long requested = node.requested().get(resource) + pod.requests().get(resource);
                fractions.add(Math.min(1.0, (double) requested / capacity));
            }
        }
        return (long) ((1 - deviation(fractions)) * MAX_NODE_SCORE);
    }

    static double deviation(List<Double> fractions) {
        if (fractions.size() < 2) {
            return 0;
        }
        if (fractions.size() == 2) {
            return Math.abs(fractions.get(0) - fractions.get(1)) / 2;
        }
        double mean = fractions.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double variance = fractions.stream().mapToDouble(f -> (f - mean) * (f - mean)).sum() / fractions.size();
        return Math.sqrt(variance);
    }
}

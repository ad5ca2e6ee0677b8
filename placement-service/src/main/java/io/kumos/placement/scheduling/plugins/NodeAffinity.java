package io.kumos.placement.scheduling.plugins;

import java.util.List;
import java.util.Set;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.PreFilterPlugin;
import io.kumos.placement.scheduling.framework.PreScorePlugin;
import io.kumos.placement.scheduling.framework.ScorePlugin;
import io.kumos.placement.scheduling.framework.Snapshot;
import io.kumos.placement.scheduling.framework.Status;

/**
 * The pod's {@code nodeSelector} and node affinity, as upstream's NodeAffinity: the selector and the required terms
 * (any term, all of its expressions and fields) filter; the preferred terms score a node by the sum of the weights
 * of those it matches, in proportion to the best node.
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "NodeAffinity";
    static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return ClusterEvent.NODES;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        return pod.nodeSelector().isEmpty() && pod.requiredAffinity() == null ? Status.skip() : Status.success();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return pod.admits(node.name(), node.labels()) ? Status.success() : Status.unresolvable(REASON);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        return pod.preferredAffinity().isEmpty() ? Status.skip() : Status.success();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return pod.preferredAffinity().stream()
                .filter(preferred -> preferred.term().matches(node.name(), node.labels()))
                .mapToLong(PodInfo.WeightedNodeTerm::weight).sum();
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Normalize.byMax(scores, false);
    }
}

package io.kumos.placement.scheduling.plugins;

import java.util.List;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.PreScorePlugin;
import io.kumos.placement.scheduling.framework.ScorePlugin;
import io.kumos.placement.scheduling.framework.Snapshot;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Kumos' preferAvoidPods, as upstream's former NodePreferAvoidPods: a node whose annotation
 * {@code scheduler.alpha.kubernetes.io/preferAvoidPods} names the pod's controller (health-service writes it when it
 * moves a pod that kept failing there) scores 0, any other 100. With its default weight of 10000 it outweighs every
 * other score, yet it is never a filter: with no other node, the pod still goes there.
 */
public final class PreferAvoidPods implements PreScorePlugin, ScorePlugin {

    public static final String NAME = "PreferAvoidPods";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        return pod.controllerUid().isEmpty() ? Status.skip() : Status.success();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return node.avoids(pod.controllerUid()) ? 0 : MAX_NODE_SCORE;
    }
}

package io.kumos.placement.scheduling.plugins;

import java.util.List;
import java.util.Set;

import io.kumos.grid.nodes.Taint;
import io.kumos.grid.nodes.Toleration;
import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.ScorePlugin;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Taints and tolerations, as upstream's TaintToleration: a node with a {@code NoSchedule} or {@code NoExecute}
 * taint the pod does not tolerate is filtered out (whatever a {@code tolerationSeconds}: that only bounds how long a
 * running pod stays); among the rest, the fewer {@code PreferNoSchedule} taints the pod does not tolerate, the
 * higher the score.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    public static final String NAME = "TaintToleration";
    private static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return ClusterEvent.NODES;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        for (Taint taint : node.taints()) {
            boolean keepsOff = taint.effect().equals(Taint.NO_SCHEDULE) || taint.effect().equals(Taint.NO_EXECUTE);
            if (keepsOff && !tolerated(pod.tolerations(), taint)) {
                return Status.unresolvable("node(s) had untolerated taint {" + taint.key() + ": " + taint.value()
                        + "}");
            }
        }
        return Status.success();
    }

    /** The number of PreferNoSchedule taints the pod does not tolerate (a toleration must say that effect or none). */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Toleration> preferring = pod.tolerations().stream()
                .filter(toleration -> toleration.effect().isEmpty() || toleration.effect().equals(PREFER_NO_SCHEDULE))
                .toList();
        return node.taints().stream()
                .filter(taint -> taint.effect().equals(PREFER_NO_SCHEDULE) && !tolerated(preferring, taint)).count();
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Normalize.byMax(scores, true);
    }

    private static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        return tolerations.stream().anyMatch(toleration -> toleration.tolerates(taint));
    }
}

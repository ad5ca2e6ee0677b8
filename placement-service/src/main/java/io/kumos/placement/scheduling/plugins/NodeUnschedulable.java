package io.kumos.placement.scheduling.plugins;

import java.util.Set;

import io.kumos.grid.nodes.Taint;
import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Status;

/** Keeps pods off cordoned nodes ({@code spec.unschedulable}), unless they tolerate the unschedulable taint. */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String NAME = "NodeUnschedulable";
    static final String REASON = "node(s) were unschedulable";
    private static final Taint CORDONED = new Taint(Taint.UNSCHEDULABLE, "", Taint.NO_SCHEDULE, null);

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
        if (!node.unschedulable()
                || pod.tolerations().stream().anyMatch(toleration -> toleration.tolerates(CORDONED))) {
            return Status.success();
        }
        return Status.unresolvable(REASON);
    }
}

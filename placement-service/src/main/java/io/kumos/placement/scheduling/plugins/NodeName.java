package io.kumos.placement.scheduling.plugins;

import java.util.Set;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Status;

/** A pod that names its node ({@code spec.nodeName}) fits that node only. */
public final class NodeName implements FilterPlugin {

    public static final String NAME = "NodeName";
    static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.NODE_ADDED);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return pod.nodeName().isEmpty() || pod.nodeName().equals(node.name()) ? Status.success()
                : Status.unresolvable(REASON);
    }
}

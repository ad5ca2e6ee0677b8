package io.kumos.placement.scheduling.plugins;

import java.util.Set;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Kumos' own filter: a node whose Ready condition is not True takes no pods. Upstream leaves this to the
 * {@code not-ready}/{@code unreachable} NoSchedule taints (which health-service also sets); Kumos keeps the check
 * too, since a node that has never reported Ready has no taint yet. The wording is the one of upstream's former
 * CheckNodeCondition predicate.
 */
public final class NodeReady implements FilterPlugin {

    public static final String NAME = "NodeReady";
    static final String REASON = "node(s) were not ready";

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
        return node.ready() ? Status.success() : Status.unresolvable(REASON);
    }
}

package io.kumos.placement.scheduling.framework;

import java.util.EnumSet;
import java.util.Set;

/** A change in the cluster that may make an unschedulable pod schedulable. */
public enum ClusterEvent {

    NODE_ADDED,
    /** A node's labels, taints, allocatable, conditions or schedulability changed. */
    NODE_CHANGED,
    /** A pod was bound to a node (by this scheduler or another). */
    ASSIGNED_POD_ADDED,
    /** A pod on a node changed (its labels, for affinity and spreading). */
    ASSIGNED_POD_CHANGED,
    /** A pod left its node: deleted, or finished. */
    ASSIGNED_POD_DELETED,
    /** A namespace's labels changed (for affinity terms' namespaceSelector). */
    NAMESPACE_CHANGED;

    public static final Set<ClusterEvent> ALL = EnumSet.allOf(ClusterEvent.class);
    public static final Set<ClusterEvent> NODES = EnumSet.of(NODE_ADDED, NODE_CHANGED);
}

package io.kumos.placement.scheduling.framework;

/** The outcome of a plugin call, as kube-scheduler's framework codes it. */
public enum Code {

    /** The plugin is satisfied: the pod may go on (to the node, to the next point). */
    SUCCESS,
    /**
     * The node cannot take the pod now, but could if something changed that preemption can change (pods on it
     * removed).
     */
    UNSCHEDULABLE,
    /** The node cannot take the pod, and removing pods from it would not change that: preemption skips it. */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** The plugin has nothing to say about this pod: its later points (filter, score) are not called for it. */
    SKIP,
    /** The plugin failed: the pod is tried again after a back-off. */
    ERROR
}

package io.kumos.placement.scheduling.framework;

/**
 * Whether a node can take the pod. Called from several threads at once (one node each), after the pre-filters:
 * must not block, and must only read the cycle state and the node.
 */
public interface FilterPlugin extends Plugin {

    Status filter(CycleState state, PodInfo pod, NodeInfo node);
}

package io.kumos.placement.scheduling.framework;

import java.util.List;

/**
 * Ranks a feasible node for the pod. The raw scores of all feasible nodes then go through {@link #normalize} once,
 * which must leave each in 0–100 ({@link #MAX_NODE_SCORE}); the framework multiplies them by the plugin's weight.
 * Called by the scheduler's thread.
 */
public interface ScorePlugin extends Plugin {

    long MAX_NODE_SCORE = 100;

    long score(CycleState state, PodInfo pod, NodeInfo node);

    /** Brings the raw scores (one per node, in the order of {@code nodes}) into 0–100; by default they are. */
    default void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    }
}

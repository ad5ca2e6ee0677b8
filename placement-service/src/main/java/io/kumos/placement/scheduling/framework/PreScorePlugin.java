package io.kumos.placement.scheduling.framework;

import java.util.List;

/**
 * Called once per cycle with the nodes that passed the filters, before they are scored: works out what the scores
 * need. {@link Status#skip()} leaves this plugin's score out for the pod.
 */
public interface PreScorePlugin extends Plugin {

    Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot);
}

package io.kumos.placement.scheduling.framework;

/**
 * Called once per scheduling cycle before the filters: works out what the filter needs over the whole cluster (and
 * keeps it in the cycle state), or rejects the pod for every node at once. {@link Status#skip()} skips this plugin's
 * filter for the pod.
 */
public interface PreFilterPlugin extends Plugin {

    Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot);
}

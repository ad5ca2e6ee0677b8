package io.kumos.placement.scheduling.framework;

/**
 * Binds the pod to the node. The first bind plugin that does not {@link Status#skip()} the pod binds it. Blocking
 * (it calls the API); called by the scheduler's thread.
 */
public interface BindPlugin extends Plugin {

    Status bind(CycleState state, PodInfo pod, String node);
}

package io.kumos.placement.scheduling.framework;

import java.util.Set;

/**
 * A scheduling plugin: one decision at one or more extension points (it implements the point interfaces it takes
 * part in). Plugins are built once per profile and called by the scheduler's thread, except {@link FilterPlugin}s,
 * which are called from several threads at once over different nodes; so a plugin keeps no state of its own between
 * calls: what one scheduling cycle works out (at pre-filter, pre-score) goes in its {@link CycleState}.
 */
public interface Plugin {

    /** The plugin's name, as KubeSchedulerConfiguration names it ({@code NodeResourcesFit}, …). */
    String name();

    /**
     * The cluster events after which a pod this plugin rejected may fit: the scheduling queue moves the pod back to
     * be tried again on them (kube-scheduler's {@code EventsToRegister}). By default any.
     */
    default Set<ClusterEvent> events() {
        return ClusterEvent.ALL;
    }
}

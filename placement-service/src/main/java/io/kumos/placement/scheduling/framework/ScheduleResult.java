package io.kumos.placement.scheduling.framework;

import java.util.Set;

/** The outcome of one scheduling cycle of one pod (before reserve, permit and bind). */
public sealed interface ScheduleResult {

    /**
     * The chosen node.
     *
     * @param evaluated how many nodes were filtered
     * @param feasible  how many of those passed
     */
    record Suggested(String node, int evaluated, int feasible) implements ScheduleResult {
    }

    /**
     * No node fits.
     *
     * @param message the FailedScheduling message ({@link FitError})
     * @param plugins the plugins that rejected the pod somewhere (the queue moves it back on their events)
     */
    record Unschedulable(String message, Set<String> plugins) implements ScheduleResult {
    }

    /** A plugin failed: the pod is tried again after its back-off. */
    record Failed(String message) implements ScheduleResult {
    }
}

package io.kumos.placement.scheduling.framework;

import io.kumos.placement.scheduling.config.PluginRegistry;
import io.kumos.placement.scheduling.config.SchedulerConfiguration;

/** The default profile as the scheduler builds it (its binder has no API: tests stop before the bind). */
public final class TestProfiles {

    private TestProfiles() {
    }

    public static Profile defaults() {
        return new SchedulerConfiguration(new PluginRegistry(null, Fixtures.JSON)).defaults().get(0);
    }

    /** Schedules the pod with the default profile. */
    public static ScheduleResult schedule(PodInfo pod, Snapshot snapshot) {
        return new SchedulingCycle(defaults()).schedule(new CycleState(), pod, snapshot);
    }

    /** The node the default profile chooses, or the message saying why none. */
    public static String place(PodInfo pod, Snapshot snapshot) {
        ScheduleResult result = schedule(pod, snapshot);
        if (result instanceof ScheduleResult.Suggested suggested) {
            return suggested.node();
        }
        if (result instanceof ScheduleResult.Unschedulable unschedulable) {
            return unschedulable.message();
        }
        return "failed: " + ((ScheduleResult.Failed) result).message();
    }
}

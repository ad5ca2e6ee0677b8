package io.kumos.placement.scheduling.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kumos.placement.scheduling.framework.Code;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FitError;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.PostFilterPlugin;
import io.kumos.placement.scheduling.framework.Snapshot;
import io.kumos.placement.scheduling.framework.Status;

/**
 * The post-filter of upstream's DefaultPreemption, as far as its verdict goes: for each node, whether preempting
 * (evicting lower-priority pods) could help, worded as upstream words it in the FailedScheduling message
 * ({@code preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims
 * found for incoming pod.}). Kumos does not evict pods to make room: where lower-priority pods could be evicted, it
 * says so instead, and the pod waits.
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = "DefaultPreemption";
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    static final String NOT_DONE = "lower-priority pods could be preempted, which Kumos does not do";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status postFilter(CycleState state, PodInfo pod, Snapshot snapshot, Map<String, Status> rejections) {
        if ("Never".equals(pod.json().path("spec").path("preemptionPolicy").asText())) {
            return Status.unschedulable("preemption: not eligible due to preemptionPolicy=Never");
        }
        List<Status> verdicts = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            Status rejection = rejections.get(node.name());
            if (rejection == null || rejection.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                verdicts.add(Status.unresolvable(NOT_HELPFUL));
            } else if (node.pods().stream().noneMatch(placed -> placed.priority() < pod.priority())) {
                verdicts.add(Status.unresolvable(NO_VICTIMS));
            } else {
                verdicts.add(Status.unschedulable(NOT_DONE));
            }
        }
        String message = FitError.availability(snapshot.nodes().size(), FitError.histogram(verdicts));
        return Status.unschedulable("preemption: " + message.substring(0, message.length() - 1));
    }
}

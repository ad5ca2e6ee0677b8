package io.kumos.placement.scheduling.plugins;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.ImageNames;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.PreScorePlugin;
import io.kumos.placement.scheduling.framework.ScorePlugin;
import io.kumos.placement.scheduling.framework.Snapshot;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Prefers nodes that already hold the pod's images, as upstream's ImageLocality: the sizes of the images the node
 * holds ({@code status.images}), each scaled by the share of nodes that hold it (so that an image everywhere does
 * not pull all pods to one node), summed and mapped from 23 MB…1000 MB per container onto 0–100. Kumos' node agents
 * do not report {@code status.images} yet, so today every node scores 0 and this plugin does not change a choice.
 */
public final class ImageLocality implements PreScorePlugin, ScorePlugin {

    public static final String NAME = "ImageLocality";
    private static final long MB = 1024 * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;
    private static final String SPREAD = NAME + "/spread";

    @Override
    public String name() {
        return NAME;
    }

    /** Counts, for each of the pod's images, the nodes that hold it. */
    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        Map<String, Integer> holders = new HashMap<>();
        for (String image : pod.images()) {
            String name = ImageNames.normalized(image);
            holders.put(name, snapshot.nodesWithImage(name));
        }
        state.write(SPREAD, new Spread(holders, snapshot.nodes().size()));
        return Status.success();
    }

    private record Spread(Map<String, Integer> holders, int nodes) {
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Spread spread = state.read(SPREAD, Spread.class);
        long sum = 0;
        for (String image : pod.images()) {
            String name = ImageNames.normalized(image);
            long size = node.imageSize(name);
            if (size > 0) {
                sum += (long) (size * ((double) spread.holders().get(name) / spread.nodes()));
            }
        }
        return scaled(sum, pod.images().size());
    }

    static long scaled(long sum, int containers) {
        long max = MAX_CONTAINER_THRESHOLD * Math.max(containers, 1);
        long clamped = Math.max(MIN_THRESHOLD, Math.min(sum, max));
        return MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
    }
}

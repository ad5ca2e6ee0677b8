package io.kumos.placement.scheduling.framework;

/**
 * How many feasible nodes a cycle looks for before it stops filtering and scores those (kube-scheduler's
 * {@code percentageOfNodesToScore}): all of them in clusters under 100 nodes; else the configured percentage, or,
 * by default, 50% less 1% per 125 nodes, at least 5%; never fewer than 100 nodes. Pure.
 */
public final class NodeSampling {

    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE = 5;

    private NodeSampling() {
    }

    /**
     * @param percentage the configured percentage, or 0 for the adaptive default
     * @param nodes      how many nodes the cluster has
     */
    public static int feasibleNodesToFind(int percentage, int nodes) {
        if (nodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return nodes;
        }
        int percent = percentage;
        if (percent == 0) {
            percent = Math.max(50 - nodes / 125, MIN_FEASIBLE_NODES_PERCENTAGE);
        }
        int found = (int) ((long) nodes * percent / 100);
        return Math.max(found, MIN_FEASIBLE_NODES_TO_FIND);
    }
}

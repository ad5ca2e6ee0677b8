package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why no node took the pod, worded as kube-scheduler's {@code FitError}: {@code 0/N nodes are available: } then
 * each reason with how many nodes gave it, as {@code "<count> <reason>"} strings sorted as strings and joined by
 * {@code ", "}, then a full stop; a pre-filter's rejection instead of the nodes' reasons when the cycle stopped
 * there; then the post-filter's message (preemption's), with its own full stop. Pure.
 */
public final class FitError {

    private FitError() {
    }

    /**
     * @param nodes          how many nodes the cluster has
     * @param preFilter      the rejection of a pre-filter, or {@code null} when the filters ran
     * @param rejections     each rejected node's status (a status may carry several reasons)
     * @param postFilter     the post-filter's message, or empty
     */
    public static String message(int nodes, Status preFilter, Collection<Status> rejections, String postFilter) {
        StringBuilder message = new StringBuilder(availability(nodes, preFilter == null
                ? histogram(rejections) : List.of(preFilter.message())));
        if (!postFilter.isEmpty()) {
            message.append(' ').append(postFilter).append('.');
        }
        return message.toString();
    }

    /** {@code 0/N nodes are available: a, b.} for these parts (no colon part when there are none). */
    public static String availability(int nodes, List<String> parts) {
        String head = "0/" + nodes + " nodes are available";
        return parts.isEmpty() ? head + "." : head + ": " + String.join(", ", parts) + ".";
    }

    /** The {@code "<count> <reason>"} strings of these statuses, sorted as strings as upstream sorts them. */
    public static List<String> histogram(Collection<Status> statuses) {
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEach(status -> status.reasons().forEach(reason -> counts.merge(reason, 1, Integer::sum)));
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, count) -> parts.add(count + " " + reason));
        parts.sort(null);
        return parts;
    }
}

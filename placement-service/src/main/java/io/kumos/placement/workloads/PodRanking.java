package io.kumos.placement.workloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which pods go first when a controller has too many, as upstream's {@code ActivePodsWithRanks} orders them, so
 * that a scale-down removes what serves least:
 * <ol>
 * <li>unassigned before assigned to a node;</li>
 * <li>Pending before Unknown before Running;</li>
 * <li>not ready before ready;</li>
 * <li>lower {@code controller.kubernetes.io/pod-deletion-cost} first;</li>
 * <li>pods doubled up on a node (more related pods on the same node) first;</li>
 * <li>ready for a shorter time first;</li>
 * <li>more container restarts first;</li>
 * <li>newer first.</li>
 * </ol>
 * Upstream's logarithmic bucketing of ready times and creation times (a feature gate) is left out.
 */
public final class PodRanking {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodRanking() {
    }

    /**
     * The pods in the order they should be removed.
     *
     * @param related the pods whose placement counts for "doubled up" (the controller's active pods)
     */
    public static List<JsonNode> removalOrder(List<JsonNode> pods, List<JsonNode> related) {
        Map<String, Integer> perNode = new HashMap<>();
        for (JsonNode pod : related) {
            if (!PodState.node(pod).isEmpty()) {
                perNode.merge(PodState.node(pod), 1, Integer::sum);
            }
        }
        List<JsonNode> ordered = new ArrayList<>(pods);
        ordered.sort(order(pod -> PodState.node(pod).isEmpty() ? 0 : perNode.getOrDefault(PodState.node(pod), 0)));
        return ordered;
    }

    /** The order without "doubled up" ranks, as upstream's {@code ActivePods} (used by the Job controller). */
    public static List<JsonNode> removalOrder(List<JsonNode> pods) {
        List<JsonNode> ordered = new ArrayList<>(pods);
        ordered.sort(order(pod -> 0));
        return ordered;
    }

    private static Comparator<JsonNode> order(java.util.function.ToIntFunction<JsonNode> rank) {
        return Comparator.<JsonNode>comparingInt(pod -> PodState.node(pod).isEmpty() ? 0 : 1)
                .thenComparingInt(PodRanking::phaseRank)
                .thenComparingInt(pod -> PodState.ready(pod) ? 1 : 0)
                .thenComparingLong(PodRanking::deletionCost)
                .thenComparing(Comparator.comparingInt(rank).reversed())
                .thenComparing(Comparator.comparing(PodRanking::readySince).reversed())
                .thenComparing(Comparator.comparingInt(PodState::maxRestarts).reversed())
                .thenComparing(Comparator.comparing(Metadata::created).reversed());
    }

    private static int phaseRank(JsonNode pod) {
        return switch (PodState.phase(pod)) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    private static long deletionCost(JsonNode pod) {
        String cost = Metadata.annotation(pod, DELETION_COST);
        if (cost == null) {
            return 0;
        }
        try {
            return Integer.parseInt(cost.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Ready since when; not ready (or unknown) sorts as "just now", i.e. ready for the shortest time. */
    private static Instant readySince(JsonNode pod) {
        return PodState.readySince(pod).orElse(Instant.MAX);
    }
}

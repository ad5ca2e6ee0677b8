package io.kumos.placement.scheduling.plugins;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodAffinityTerm;
import io.kumos.placement.scheduling.framework.PlacedIndex;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.PreFilterPlugin;
import io.kumos.placement.scheduling.framework.PreScorePlugin;
import io.kumos.placement.scheduling.framework.ScorePlugin;
import io.kumos.placement.scheduling.framework.Snapshot;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Pod affinity and anti-affinity, as upstream's InterPodAffinity. The filter, from counts the pre-filter makes per
 * topology domain: the pod's required affinity terms must each find a selected pod in the node's domain (a pod that
 * its own terms select may start a group where none exists yet); no pod its required anti-affinity terms select may
 * be in the node's domain; and no pod already placed may have a required anti-affinity term that selects this pod
 * in the node's domain. The score adds the weights of the pod's preferred terms (anti-affinity subtracting) and of
 * the placed pods' terms about this pod (their required affinity counting 1), by domain, normalised between the
 * lowest and highest node.
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "InterPodAffinity";
    static final String AFFINITY = "node(s) didn't match pod affinity rules";
    static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    /** The weight of a placed pod's required affinity term in the score (upstream's hardPodAffinityWeight). */
    static final int HARD_POD_AFFINITY_WEIGHT = 1;
    private static final String FILTER_STATE = NAME + "/filter";
    private static final String SCORE_STATE = NAME + "/score";

    /** Pods selected, by topology domain, for the three kinds of required terms. */
    private record Counts(Map<TopologyPair, Integer> existingAntiAffinity, Map<TopologyPair, Integer> affinity,
            Map<TopologyPair, Integer> antiAffinity) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return EnumSet.allOf(ClusterEvent.class);
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Counts counts = new Counts(new HashMap<>(), new HashMap<>(), new HashMap<>());
        Map<String, Map<String, String>> namespaces = snapshot.namespaceLabels();
        PlacedIndex placed = snapshot.placed();
        placed.terms(PlacedIndex.Kind.REQUIRED_ANTI_AFFINITY).forEach((term, nodes) -> {
            if (term.selects(pod, namespaces)) {
                nodes.forEach((node, pods) -> add(counts.existingAntiAffinity(), node, term.topologyKey(), pods));
            }
        });
        boolean ownTerms = !pod.requiredPodAffinity().isEmpty() || !pod.requiredPodAntiAffinity().isEmpty();
        if (!ownTerms && counts.existingAntiAffinity().isEmpty()) {
            return Status.skip();
        }
        if (!pod.requiredPodAffinity().isEmpty()) {
            for (NodeInfo node : snapshot.nodes()) {
                for (PodInfo other : node.pods()) {
                    if (selectsAll(pod.requiredPodAffinity(), other, namespaces)) {
                        pod.requiredPodAffinity().forEach(term -> add(counts.affinity(), node, term.topologyKey(), 1));
                    }
                }
            }
        }
        for (PodAffinityTerm term : pod.requiredPodAntiAffinity()) {
            for (NodeInfo node : placed.candidates(term, snapshot.nodes())) {
                int selected = term.count(node, namespaces);
                if (selected > 0) {
                    add(counts.antiAffinity(), node, term.topologyKey(), selected);
                }
            }
        }
        state.write(FILTER_STATE, counts);
        state.write(FILTER_STATE + "/selfMatch", selectsAll(pod.requiredPodAffinity(), pod, namespaces));
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Counts counts = state.read(FILTER_STATE, Counts.class);
        if (!satisfiesAffinity(pod, node, counts, state.read(FILTER_STATE + "/selfMatch", Boolean.class))) {
            return Status.unresolvable(AFFINITY);
        }
        for (PodAffinityTerm term : pod.requiredPodAntiAffinity()) {
            String value = node.labels().get(term.topologyKey());
            if (value != null
                    && counts.antiAffinity().getOrDefault(new TopologyPair(term.topologyKey(), value), 0) > 0) {
                return Status.unschedulable(ANTI_AFFINITY);
            }
        }
        for (Map.Entry<String, String> label : node.labels().entrySet()) {
            if (counts.existingAntiAffinity().getOrDefault(new TopologyPair(label.getKey(), label.getValue()), 0) > 0) {
                return Status.unschedulable(EXISTING_ANTI_AFFINITY);
            }
        }
        return Status.success();
    }

    private static boolean satisfiesAffinity(PodInfo pod, NodeInfo node, Counts counts, boolean selfMatch) {
        boolean podsExist = true;
        for (PodAffinityTerm term : pod.requiredPodAffinity()) {
            String value = node.labels().get(term.topologyKey());
            if (value == null) {
                return false;
            }
            if (counts.affinity().getOrDefault(new TopologyPair(term.topologyKey(), value), 0) <= 0) {
                podsExist = false;
            }
        }
        // The first pod of a group that selects itself may go anywhere its terms' topology keys exist.
        return podsExist || (counts.affinity().isEmpty() && selfMatch);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        Map<String, Map<String, String>> namespaces = snapshot.namespaceLabels();
        PlacedIndex placed = snapshot.placed();
        boolean ownTerms = !pod.preferredPodAffinity().isEmpty() || !pod.preferredPodAntiAffinity().isEmpty();
        if (!ownTerms && !placed.anyTerm()) {
            return Status.skip();
        }
        Map<String, Map<String, Long>> scores = new HashMap<>();
        // Its own terms: the pods each selects, counted on the nodes that may hold them.
        countSelected(scores, placed, snapshot, pod.preferredPodAffinity(), namespaces, 1);
        countSelected(scores, placed, snapshot, pod.preferredPodAntiAffinity(), namespaces, -1);
        // The placed pods' terms that select it, each distinct term once, weighed by how many pods carry it.
        scoreSelecting(scores, placed.terms(PlacedIndex.Kind.REQUIRED_AFFINITY), pod, namespaces, 1);
        scoreSelecting(scores, placed.terms(PlacedIndex.Kind.PREFERRED_AFFINITY), pod, namespaces, 1);
        scoreSelecting(scores, placed.terms(PlacedIndex.Kind.PREFERRED_ANTI_AFFINITY), pod, namespaces, -1);
        state.write(SCORE_STATE, new Scores(scores));
        return Status.success();
    }

    /** The score of each topology domain: by topology key, then value (so a node's score is a lookup per key). */
    private record Scores(Map<String, Map<String, Long>> byDomain) {
    }

    /** Adds the weight of each of the pod's own terms, times the pods it selects on a node, to the node's domain. */
    private static void countSelected(Map<String, Map<String, Long>> scores, PlacedIndex placed, Snapshot snapshot,
            List<PodAffinityTerm> terms, Map<String, Map<String, String>> namespaces, int sign) {
        for (PodAffinityTerm term : terms) {
            for (NodeInfo node : placed.candidates(term, snapshot.nodes())) {
                String value = node.labels().get(term.topologyKey());
                int selected = value == null ? 0 : term.count(node, namespaces);
                if (selected > 0) {
                    addScore(scores, term.topologyKey(), value, sign * weight(term) * selected);
                }
            }
        }
    }

    /**
     * Adds, for each placed term that selects the pod, its weight (a required term's: upstream's
     * hardPodAffinityWeight) times the pods carrying it to the domain of each node they are on.
     */
    private static void scoreSelecting(Map<String, Map<String, Long>> scores,
            Map<PodAffinityTerm, Map<NodeInfo, Integer>> terms, PodInfo pod,
            Map<String, Map<String, String>> namespaces, int sign) {
        terms.forEach((term, nodes) -> {
            if (!term.selects(pod, namespaces)) {
                return;
            }
            nodes.forEach((node, carriers) -> {
                String value = node.labels().get(term.topologyKey());
                if (value != null) {
                    addScore(scores, term.topologyKey(), value, sign * weight(term) * carriers);
                }
            });
        });
    }

    /** A preferred term's weight; a required one (weight 0) counts upstream's hardPodAffinityWeight. */
    private static long weight(PodAffinityTerm term) {
        return term.weight() == 0 ? HARD_POD_AFFINITY_WEIGHT : term.weight();
    }

    private static void addScore(Map<String, Map<String, Long>> scores, String key, String value, long weight) {
        scores.computeIfAbsent(key, k -> new HashMap<>()).merge(value, weight, Long::sum);
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> domains : state.read(SCORE_STATE, Scores.class).byDomain().entrySet()) {
            String value = node.labels().get(domains.getKey());
            if (value != null) {
                score += domains.getValue().getOrDefault(value, 0L);
            }
        }
        return score;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Normalize.byRange(scores);
    }

    private static boolean selectsAll(List<PodAffinityTerm> terms, PodInfo pod,
            Map<String, Map<String, String>> namespaces) {
        return !terms.isEmpty() && terms.stream().allMatch(term -> term.selects(pod, namespaces));
    }

    private static void add(Map<TopologyPair, Integer> counts, NodeInfo node, String key, int value) {
        String label = node.labels().get(key);
        if (label != null) {
            counts.merge(new TopologyPair(key, label), value, Integer::sum);
        }
    }
}

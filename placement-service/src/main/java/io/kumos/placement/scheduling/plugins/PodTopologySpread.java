package io.kumos.placement.scheduling.plugins;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.PreFilterPlugin;
import io.kumos.placement.scheduling.framework.PreScorePlugin;
import io.kumos.placement.scheduling.framework.ScorePlugin;
import io.kumos.placement.scheduling.framework.Snapshot;
import io.kumos.placement.scheduling.framework.SpreadConstraint;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Topology spread constraints, as upstream's PodTopologySpread. {@code DoNotSchedule} ones filter: placing the pod
 * in the node's domain must leave that domain at most {@code maxSkew} above the least populated eligible domain (0
 * while there are fewer than {@code minDomains} domains); a node without the topology key is out for good.
 * {@code ScheduleAnyway} ones score: the fewer selected pods in the node's domains (weighted by log(domains + 2)),
 * the higher. Kubernetes' cluster-level default constraints (for pods of Services and ReplicaSets that give none)
 * are not applied.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "PodTopologySpread";
    static final String REASON = "node(s) didn't match pod topology spread constraints";
    static final String MISSING_LABEL = REASON + " (missing required label)";
    private static final String FILTER_STATE = NAME + "/filter";
    private static final String SCORE_STATE = NAME + "/score";

    private record Hard(List<SpreadConstraint> constraints, List<Map<String, Integer>> counts) {
    }

    private record Soft(List<SpreadConstraint> constraints, List<Map<String, Integer>> counts, double[] weights,
            Set<String> ignored) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<SpreadConstraint> hard = pod.spreadConstraints().stream().filter(SpreadConstraint::hard).toList();
        if (hard.isEmpty()) {
            return Status.skip();
        }
        state.write(FILTER_STATE, new Hard(hard, SpreadCounts.byDomain(pod, snapshot, hard)));
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Hard hard = state.read(FILTER_STATE, Hard.class);
        for (int i = 0; i < hard.constraints().size(); i++) {
            SpreadConstraint constraint = hard.constraints().get(i);
            String domain = node.labels().get(constraint.topologyKey());
            if (domain == null) {
                return Status.unresolvable(MISSING_LABEL);
            }
            Map<String, Integer> counts = hard.counts().get(i);
            int min = counts.size() < constraint.minDomains() ? 0
                    : counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            int self = constraint.selector().matches(pod.labels()) ? 1 : 0;
            if (counts.getOrDefault(domain, 0) + self - min > constraint.maxSkew()) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.success();
    }

    /**
     * Counts the selected pods in the domains of the feasible nodes (over every eligible node); a feasible node
     * without all the topology keys is ignored (scores 0).
     */
    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        List<SpreadConstraint> soft = pod.spreadConstraints().stream().filter(c -> !c.hard()).toList();
        if (soft.isEmpty()) {
            return Status.skip();
        }
        Set<String> ignored = new HashSet<>();
        List<Set<String>> domains = new ArrayList<>();
        soft.forEach(constraint -> domains.add(new HashSet<>()));
        for (NodeInfo node : feasible) {
            if (soft.stream().anyMatch(constraint -> !node.labels().containsKey(constraint.topologyKey()))) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < soft.size(); i++) {
                domains.get(i).add(node.labels().get(soft.get(i).topologyKey()));
            }
        }
        double[] weights = new double[soft.size()];
        for (int i = 0; i < soft.size(); i++) {
            weights[i] = Math.log(domains.get(i).size() + 2);
        }
        state.write(SCORE_STATE, new Soft(soft, SpreadCounts.byDomain(pod, snapshot, soft), weights, ignored));
        return Status.success();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Soft soft = state.read(SCORE_STATE, Soft.class);
        if (soft.ignored().contains(node.name())) {
            return 0;
        }
        double score = 0;
        for (int i = 0; i < soft.constraints().size(); i++) {
            SpreadConstraint constraint = soft.constraints().get(i);
            int count = soft.counts().get(i).getOrDefault(node.labels().get(constraint.topologyKey()), 0);
            score += count * soft.weights()[i] + (constraint.maxSkew() - 1);
        }
        return Math.round(score);
    }

    /** The fewest pods scores 100, the most {@code 100 × min / max}; ignored nodes 0. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Set<String> ignored = state.read(SCORE_STATE, Soft.class).ignored();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!ignored.contains(nodes.get(i).name())) {
                min = Math.min(min, scores[i]);
                max = Math.max(max, scores[i]);
            }
        }
        for (int i = 0; i < scores.length; i++) {
            if (ignored.contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else {
                scores[i] = max == 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }
}

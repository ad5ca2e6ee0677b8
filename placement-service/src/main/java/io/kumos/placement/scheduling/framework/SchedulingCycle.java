package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * One profile's scheduling algorithm, as kube-scheduler's {@code schedulePod}: pre-filter; filter the nodes (from
 * where the last cycle stopped, round the list, in parallel when there are many) until enough feasible ones are
 * found ({@link NodeSampling}); with none, post-filter and say why ({@link FitError}); with one, take it; else
 * pre-score, score, normalise, weigh, and take the highest total (the first by name among equals, so that the
 * choice is repeatable). Called by the scheduler's thread; it holds where the next cycle starts, nothing else.
 */
public final class SchedulingCycle {

    /** From how many nodes the filters run in parallel (on the common fork-join pool). */
    static final int PARALLEL_FROM = 256;

    private final Profile profile;
    private int nextStartNodeIndex;

    public SchedulingCycle(Profile profile) {
        this.profile = profile;
    }

    public Profile profile() {
        return profile;
    }

    /** Upstream's message when the cluster has no node at all (its {@code ErrNoNodesAvailable}). */
    public static final String NO_NODES = "no nodes available to schedule pods";

    public ScheduleResult schedule(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<NodeInfo> nodes = snapshot.nodes();
        if (nodes.isEmpty()) {
            return new ScheduleResult.Unschedulable(NO_NODES, Set.of());
        }
        for (PreFilterPlugin plugin : profile.preFilters()) {
            Status status = call(() -> plugin.preFilter(state, pod, snapshot)).from(plugin.name());
            if (status.isSkip()) {
                state.skip(filterKey(plugin.name()));
            } else if (status.code() == Code.ERROR) {
                return failed(status);
            } else if (status.isRejection()) {
                Map<String, Status> rejections = new LinkedHashMap<>();
                nodes.forEach(node -> rejections.put(node.name(), status));
                return unschedulable(state, pod, snapshot, status, rejections);
            }
        }
        Map<String, Status> rejections = new LinkedHashMap<>();
        List<NodeInfo> feasible = new ArrayList<>();
        Status error = filter(state, pod, nodes, feasible, rejections);
        if (error != null) {
            return failed(error);
        }
        if (feasible.isEmpty()) {
            return unschedulable(state, pod, snapshot, null, rejections);
        }
        int evaluated = feasible.size() + rejections.size();
        if (feasible.size() == 1) {
            return new ScheduleResult.Suggested(feasible.get(0).name(), evaluated, 1);
        }
        return score(state, pod, snapshot, feasible, evaluated);
    }

    /** Fills {@code feasible} and {@code rejections}; answers a filter's error, or null. */
    private Status filter(CycleState state, PodInfo pod, List<NodeInfo> nodes, List<NodeInfo> feasible,
            Map<String, Status> rejections) {
        int count = nodes.size();
        if (count == 0) {
            return null;
        }
        int toFind = NodeSampling.feasibleNodesToFind(profile.percentageOfNodesToScore(), count);
        Status[] statuses = new Status[count];
        AtomicInteger found = new AtomicInteger();
        IntStream offsets = IntStream.range(0, count);
        (count >= PARALLEL_FROM ? offsets.parallel() : offsets).forEach(offset -> {
            if (found.get() >= toFind) {
                return;
            }
            Status status = filterNode(state, pod, nodes.get((nextStartNodeIndex + offset) % count));
            statuses[offset] = status;
            if (status.isSuccess()) {
                found.incrementAndGet();
            }
        });
        int processed = 0;
        for (int offset = 0; offset < count && feasible.size() < toFind; offset++) {
            Status status = statuses[offset];
            if (status == null) {
                continue;
            }
            processed = offset + 1;
            NodeInfo node = nodes.get((nextStartNodeIndex + offset) % count);
            if (status.code() == Code.ERROR) {
                return status;
            } else if (status.isSuccess()) {
                feasible.add(node);
            } else {
                rejections.put(node.name(), status);
            }
        }
        nextStartNodeIndex = (nextStartNodeIndex + processed) % count;
        return null;
    }

    /** The first filter that does not pass the node, or success. */
    Status filterNode(CycleState state, PodInfo pod, NodeInfo node) {
        for (FilterPlugin plugin : profile.filters()) {
            if (state.skips(filterKey(plugin.name()))) {
                continue;
            }
            Status status = call(() -> plugin.filter(state, pod, node));
            if (!status.isSuccess() && !status.isSkip()) {
                return status.from(plugin.name());
            }
        }
        return Status.success();
    }

    private ScheduleResult unschedulable(CycleState state, PodInfo pod, Snapshot snapshot, Status preFilter,
            Map<String, Status> rejections) {
        Set<String> plugins = new HashSet<>();
        rejections.values().forEach(status -> plugins.add(status.plugin()));
        List<String> postFilter = new ArrayList<>();
        for (PostFilterPlugin plugin : profile.postFilters()) {
            Status status = call(() -> plugin.postFilter(state, pod, snapshot, rejections));
            if (!status.message().isEmpty()) {
                postFilter.add(status.message());
            }
            if (status.isSuccess() || status.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                break;
            }
        }
        return new ScheduleResult.Unschedulable(FitError.message(snapshot.nodes().size(), preFilter,
                rejections.values(), String.join(" ", postFilter)), plugins);
    }

    private ScheduleResult score(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible,
            int evaluated) {
        for (PreScorePlugin plugin : profile.preScores()) {
            Status status = call(() -> plugin.preScore(state, pod, feasible, snapshot)).from(plugin.name());
            if (status.isSkip()) {
                state.skip(scoreKey(plugin.name()));
            } else if (status.code() == Code.ERROR) {
                return failed(status);
            }
        }
        long[] totals = new long[feasible.size()];
        for (Profile.WeightedScore weighted : profile.scores()) {
            ScorePlugin plugin = weighted.plugin();
            if (state.skips(scoreKey(plugin.name()))) {
                continue;
            }
            long[] scores = new long[feasible.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = plugin.score(state, pod, feasible.get(i));
            }
            plugin.normalize(state, pod, feasible, scores);
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] < 0 || scores[i] > ScorePlugin.MAX_NODE_SCORE) {
                    return failed(Status.error("plugin " + plugin.name() + " scored node " + feasible.get(i).name()
                            + " " + scores[i] + ", outside 0–100").from(plugin.name()));
                }
                totals[i] += scores[i] * weighted.weight();
            }
        }
        int best = 0;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[best] || (totals[i] == totals[best]
                    && feasible.get(i).name().compareTo(feasible.get(best).name()) < 0)) {
                best = i;
            }
        }
        return new ScheduleResult.Suggested(feasible.get(best).name(), evaluated, feasible.size());
    }

    private static ScheduleResult failed(Status status) {
        return new ScheduleResult.Failed(status.plugin() + ": " + status.message());
    }

    /** A plugin that throws has failed (an Error status), not the pass. */
    private static Status call(java.util.function.Supplier<Status> plugin) {
        try {
            return plugin.get();
        } catch (RuntimeException e) {
            return Status.error(String.valueOf(e.getMessage()));
        }
    }

    private static String filterKey(String plugin) {
        return "filter/" + plugin;
    }

    private static String scoreKey(String plugin) {
        return "score/" + plugin;
    }
}

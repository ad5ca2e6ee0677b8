package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A scheduler profile: a {@code schedulerName} and the plugins enabled at each extension point, with the score
 * plugins' weights, as one {@code profiles[]} entry of a KubeSchedulerConfiguration. Validated at construction:
 * exactly one queue sort, at least one bind plugin, positive weights, no plugin twice at a point.
 *
 * @param percentageOfNodesToScore how many of the nodes to find feasible before scoring, in percent; 0 for
 *                                 upstream's adaptive default
 */
public record Profile(String schedulerName, QueueSortPlugin queueSort, List<PreFilterPlugin> preFilters,
        List<FilterPlugin> filters, List<PostFilterPlugin> postFilters, List<PreScorePlugin> preScores,
        List<WeightedScore> scores, List<ReservePlugin> reserves, List<PermitPlugin> permits,
        List<BindPlugin> binders, int percentageOfNodesToScore) {

    /** A score plugin and its weight (its normalised 0–100 score is multiplied by it). */
    public record WeightedScore(ScorePlugin plugin, int weight) {

        public WeightedScore {
            if (weight < 1) {
                throw new IllegalArgumentException("the weight of score plugin " + plugin.name()
                        + " must be positive, not " + weight);
            }
        }
    }

    public Profile {
        if (queueSort == null) {
            throw new IllegalArgumentException("profile " + schedulerName + " has no queue sort plugin");
        }
        if (binders.isEmpty()) {
            throw new IllegalArgumentException("profile " + schedulerName + " has no bind plugin");
        }
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore of profile " + schedulerName
                    + " must be within 0–100, not " + percentageOfNodesToScore);
        }
        unique(preFilters, "preFilter");
        unique(filters, "filter");
        unique(postFilters, "postFilter");
        unique(preScores, "preScore");
        unique(scores.stream().map(WeightedScore::plugin).toList(), "score");
        unique(reserves, "reserve");
        unique(permits, "permit");
        unique(binders, "bind");
        preFilters = List.copyOf(preFilters);
        filters = List.copyOf(filters);
        postFilters = List.copyOf(postFilters);
        preScores = List.copyOf(preScores);
        scores = List.copyOf(scores);
        reserves = List.copyOf(reserves);
        permits = List.copyOf(permits);
        binders = List.copyOf(binders);
    }

    private void unique(List<? extends Plugin> plugins, String point) {
        Set<String> names = new HashSet<>();
        for (Plugin plugin : plugins) {
            if (!names.add(plugin.name())) {
                throw new IllegalArgumentException("plugin " + plugin.name() + " is enabled twice at " + point
                        + " in profile " + schedulerName);
            }
        }
    }

    /** Every plugin of the profile, once. */
    public List<Plugin> plugins() {
        List<Plugin> all = new ArrayList<>(List.of(queueSort));
        all.addAll(preFilters);
        all.addAll(filters);
        all.addAll(postFilters);
        all.addAll(preScores);
        scores.forEach(score -> all.add(score.plugin()));
        all.addAll(reserves);
        all.addAll(permits);
        all.addAll(binders);
        return all.stream().distinct().toList();
    }
}

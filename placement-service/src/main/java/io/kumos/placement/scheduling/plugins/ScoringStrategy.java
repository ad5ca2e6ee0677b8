package io.kumos.placement.scheduling.plugins;

import java.util.List;

/**
 * How NodeResourcesFit scores a node ({@code NodeResourcesFitArgs.scoringStrategy}): by the share of each resource
 * that would be left free (LeastAllocated, spreading pods), or used (MostAllocated, packing them), or by a
 * piecewise-linear function of the utilisation (RequestedToCapacityRatio); each resource weighted.
 *
 * @param shape for RequestedToCapacityRatio: the points (utilisation 0–100, score 0–10) of the function, by
 *              increasing utilisation
 */
public record ScoringStrategy(Type type, List<ResourceWeight> resources, List<ShapePoint> shape) {

    /** The default: LeastAllocated over CPU and memory, equally weighted. */
    public static final ScoringStrategy DEFAULT = new ScoringStrategy(Type.LEAST_ALLOCATED,
            List.of(new ResourceWeight("cpu", 1), new ResourceWeight("memory", 1)), List.of());

    /** The score of a shape point is 0–10, as upstream's; it is scaled to 0–100. */
    static final int MAX_SHAPE_SCORE = 10;

    public enum Type { LEAST_ALLOCATED, MOST_ALLOCATED, REQUESTED_TO_CAPACITY_RATIO }

    public record ResourceWeight(String name, int weight) {
    }

    public record ShapePoint(int utilization, int score) {
    }

    public ScoringStrategy {
        resources = List.copyOf(resources);
        shape = List.copyOf(shape);
        if (resources.isEmpty() || resources.stream().anyMatch(resource -> resource.weight() < 1)) {
            throw new IllegalArgumentException("a scoring strategy needs resources with positive weights");
        }
        if (type == Type.REQUESTED_TO_CAPACITY_RATIO && shape.isEmpty()) {
            throw new IllegalArgumentException("RequestedToCapacityRatio needs a shape");
        }
        for (int i = 1; i < shape.size(); i++) {
            if (shape.get(i).utilization() <= shape.get(i - 1).utilization()) {
                throw new IllegalArgumentException("the shape's utilizations must increase");
            }
        }
    }

    /** The score (0–100) of one resource with {@code requested} of {@code capacity} used after placing the pod. */
    long score(long requested, long capacity) {
        return switch (type) {
            case LEAST_ALLOCATED -> capacity == 0 || requested > capacity ? 0
                    : (capacity - requested) * 100 / capacity;
            case MOST_ALLOCATED -> capacity == 0 ? 0 : Math.min(requested, capacity) * 100 / capacity;
            case REQUESTED_TO_CAPACITY_RATIO -> Math.round(shaped(capacity == 0 ? 100.0
                    : Math.min(100.0, 100.0 * requested / capacity)));
        };
    }

    /** The shape's value at this utilisation, scaled to 0–100; flat before the first point and after the last. */
    private double shaped(double utilization) {
        double scale = 100.0 / MAX_SHAPE_SCORE;
        if (utilization <= shape.get(0).utilization()) {
            return shape.get(0).score() * scale;
        }
        for (int i = 1; i < shape.size(); i++) {
            ShapePoint low = shape.get(i - 1);
            ShapePoint high = shape.get(i);
            if (utilization <= high.utilization()) {
                return scale * (low.score() + (high.score() - low.score()) * (utilization - low.utilization())
                        / (high.utilization() - low.utilization()));
            }
        }
        return shape.get(shape.size() - 1).score() * scale;
    }
}

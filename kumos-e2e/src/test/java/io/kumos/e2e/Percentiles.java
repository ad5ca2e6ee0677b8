package io.kumos.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The benchmarks' percentiles: nearest rank, as the figures in the README are. */
final class Percentiles {

    private Percentiles() {
    }

    /** The value at that percentile (0–100) of the values, or NaN if there are none. */
    static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1,
                (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
    }
}

package io.kumos.placement.scheduling.plugins;

import io.kumos.placement.scheduling.framework.ScorePlugin;

/** Upstream's shared score normalisations. Pure. */
final class Normalize {

    private Normalize() {
    }

    /**
     * Upstream's {@code DefaultNormalizeScore}: each score in proportion to the highest (which gets 100); reversed,
     * 100 less that. All zero: 0 each, or, reversed, 100 each.
     */
    static void byMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? ScorePlugin.MAX_NODE_SCORE : 0;
            } else {
                long scaled = ScorePlugin.MAX_NODE_SCORE * scores[i] / max;
                scores[i] = reverse ? ScorePlugin.MAX_NODE_SCORE - scaled : scaled;
            }
        }
    }

    /** Between the lowest (0) and the highest (100) score; all equal: 0 each. Scores may be negative. */
    static void byRange(long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long score : scores) {
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max > min
                    ? (long) (ScorePlugin.MAX_NODE_SCORE * ((double) (scores[i] - min) / (max - min)))
                    : 0;
        }
    }
}

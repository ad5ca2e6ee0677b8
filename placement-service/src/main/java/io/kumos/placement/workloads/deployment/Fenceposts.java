package io.kumos.placement.workloads.deployment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rolling update's bounds in pods, from {@code maxSurge} and {@code maxUnavailable} (a number or a percentage of
 * the replicas), as upstream's {@code ResolveFenceposts}: the surge is rounded up, the unavailability down, and
 * when both come to zero one pod may be unavailable, or the rollout could never start.
 */
record Fenceposts(int maxSurge, int maxUnavailable) {

    static Fenceposts resolve(JsonNode maxSurge, JsonNode maxUnavailable, int replicas) {
        int surge = scaled(maxSurge, replicas, true);
        int unavailable = scaled(maxUnavailable, replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    /** An int-or-percent as a number of pods; anything unreadable counts as 0 (validation refuses it anyway). */
    static int scaled(JsonNode value, int total, boolean roundUp) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (value.isIntegralNumber()) {
            return value.asInt();
        }
        String text = value.asText().trim();
        if (!text.endsWith("%")) {
            return 0;
        }
        try {
            int percent = Integer.parseInt(text.substring(0, text.length() - 1));
            long scaled = (long) percent * total;
            return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

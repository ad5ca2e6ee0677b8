package io.kumos.health.nodes;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a node is, from when it was last heard from and what its agent says: unreachable when silent past the grace
 * (whatever its conditions still claim: nobody has updated them), not ready when heard from but unable to run pods
 * (its heartbeat says so, or its Ready condition is False, which the agent writes when its Docker engine does not
 * answer), ready when heard from and Ready is True. A node heard from whose Ready is still Unknown (this controller
 * wrote that while it was silent) waits for its agent's next status. Pure.
 */
public final class NodeHealth {

    /** A node's state as {@code kubectl get nodes} shows it. */
    public enum State {
        READY, NOT_READY, UNKNOWN
    }

    /**
     * @param heard     heard from within the grace
     * @param silentFor how long since it was last heard from
     * @param why       the reason, for the log
     */
    public record Assessment(State state, boolean heard, Duration silentFor, String why) {

        /** Unreachable: silent past the grace. */
        public boolean unreachable() {
            return !heard;
        }
    }

    private NodeHealth() {
    }

    /**
     * @param heartbeatReady what the grid heartbeat says ({@code null} when there is no entry)
     */
    public static Assessment assess(JsonNode node, Boolean heartbeatReady, Instant lastHeard, Instant now,
            Duration grace) {
        Duration silent = Duration.between(lastHeard, now);
        if (silent.compareTo(grace) > 0) {
            return new Assessment(State.UNKNOWN, false, silent, "not heard from for " + seconds(silent)
                    + " (grace " + seconds(grace) + ")");
        }
        JsonNode ready = readyCondition(node);
        if (Boolean.FALSE.equals(heartbeatReady)) {
            return new Assessment(State.NOT_READY, true, silent, "its agent says it cannot run pods");
        }
        return switch (ready.path("status").asText("")) {
            case "True" -> new Assessment(State.READY, true, silent, "Ready is True");
            case "False" -> new Assessment(State.NOT_READY, true, silent, "Ready is False ("
                    + ready.path("reason").asText() + ": " + ready.path("message").asText() + ")");
            default -> new Assessment(State.UNKNOWN, true, silent,
                    "heard from again, Ready stays Unknown until its agent posts its status");
        };
    }

    /** The node's Ready condition, or a missing node. */
    public static JsonNode readyCondition(JsonNode node) {
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}

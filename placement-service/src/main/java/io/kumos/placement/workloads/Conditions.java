package io.kumos.placement.workloads;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code status.conditions} of workloads, changed as upstream's {@code SetDeploymentCondition} and the Job
 * controller do: a condition with the same status and reason is left alone (its times too); one whose status
 * stays keeps its lastTransitionTime; the changed condition moves to the end of the list.
 */
public final class Conditions {

    /** Which time fields a kind's conditions carry besides lastTransitionTime. */
    public enum Style {
        /** Deployments: {@code lastUpdateTime}. */
        UPDATE_TIME("lastUpdateTime"),
        /** Jobs: {@code lastProbeTime}. */
        PROBE_TIME("lastProbeTime"),
        /** ReplicaSets, CronJobs: none. */
        NONE(null);

        private final String field;

        Style(String field) {
            this.field = field;
        }
    }

    private Conditions() {
    }

    public static Optional<JsonNode> find(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /** Whether the condition is there with status True. */
    public static boolean isTrue(JsonNode status, String type) {
        return find(status, type).map(c -> "True".equals(c.path("status").asText())).orElse(false);
    }

    /** A new condition, every time field set to {@code now}. */
    public static ObjectNode condition(String type, String status, String reason, String message, Instant now,
            Style style) {
        ObjectNode condition = JsonNodeFactory.instance.objectNode();
        condition.put("type", type).put("status", status);
        if (style.field != null) {
            condition.put(style.field, Metadata.format(now));
        }
        condition.put("lastTransitionTime", Metadata.format(now));
        if (reason != null) {
            condition.put("reason", reason);
        }
        if (message != null) {
            condition.put("message", message);
        }
        return condition;
    }

    /** Sets the condition on the status (see the class comment for what is kept). */
    public static void set(ObjectNode status, ObjectNode condition) {
        String type = condition.path("type").asText();
        Optional<JsonNode> current = find(status, type);
        if (current.isPresent()) {
            boolean sameStatus = current.get().path("status").asText().equals(condition.path("status").asText());
            if (sameStatus && current.get().path("reason").asText("").equals(condition.path("reason").asText(""))) {
                return;
            }
            if (sameStatus && current.get().has("lastTransitionTime")) {
                condition.set("lastTransitionTime", current.get().get("lastTransitionTime"));
            }
        }
        remove(status, type);
        conditions(status).add(condition);
    }

    public static void remove(ObjectNode status, String type) {
        if (!(status.get("conditions") instanceof ArrayNode list)) {
            return;
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (type.equals(list.get(i).path("type").asText())) {
                list.remove(i);
            }
        }
        if (list.isEmpty()) {
            status.remove("conditions");
        }
    }

    private static ArrayNode conditions(ObjectNode status) {
        if (status.get("conditions") instanceof ArrayNode list) {
            return list;
        }
        return status.putArray("conditions");
    }
}

package io.kumos.grid.nodes;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node taint ({@code spec.taints[]}). Two taints are the same taint when key and effect match, as Kubernetes'
 * {@code MatchTaint} has it; the value and timeAdded are what they carry.
 *
 * @param timeAdded when a NoExecute taint was added, or {@code null} if the writer did not say
 */
public record Taint(String key, String value, String effect, Instant timeAdded) {

    public static final String NO_EXECUTE = "NoExecute";
    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    public static Taint of(JsonNode taint) {
        Instant added = null;
        String time = taint.path("timeAdded").asText("");
        if (!time.isEmpty()) {
            try {
                added = Instant.parse(time);
            } catch (DateTimeParseException e) {
                // Unreadable: as if the writer had not said.
            }
        }
        return new Taint(taint.path("key").asText(""), taint.path("value").asText(""),
                taint.path("effect").asText(""), added);
    }

    /** Whether it is the same taint (key and effect). */
    public boolean matches(Taint other) {
        return key.equals(other.key) && effect.equals(other.effect);
    }

    public Taint withTimeAdded(Instant time) {
        return new Taint(key, value, effect, time);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("key", key);
        if (!value.isEmpty()) {
            json.put("value", value);
        }
        json.put("effect", effect);
        if (timeAdded != null) {
            json.put("timeAdded", timeAdded.toString());
        }
        return json;
    }

    @Override
    public String toString() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
}

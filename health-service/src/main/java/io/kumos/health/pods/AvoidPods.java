package io.kumos.health.pods;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.objects.ObjectJson;

/**
 * A Node's avoid-list: the annotation {@value #ANNOTATION}, holding Kubernetes' {@code AvoidPods} as JSON
 * ({@code {"preferAvoidPods":[{"podSignature":{"podController":{...}},"evictionTime":…,"reason":…,"message":…}]}}).
 * placement-service's scheduler places a pod on a node listing its controller only when no other node fits.
 *
 * <p>health-service adds entries with reason {@value #REASON} and removes them again after
 * {@code kumos.health.reschedule.avoid-for} (Kubernetes never expires entries; a node repaired meanwhile should be
 * used again). Entries someone else wrote are kept as they are, for ever, as in Kubernetes. Pure.
 */
final class AvoidPods {

    static final String ANNOTATION = "scheduler.alpha.kubernetes.io/preferAvoidPods";
    static final String REASON = "KumosHealthRescheduled";
    private static final ObjectMapper JSON = ObjectJson.mapper();

    /** A pod's controller, from its ownerReference with {@code controller: true}. */
    record Owner(String apiVersion, String kind, String name, String uid) {

        static Optional<Owner> of(JsonNode pod) {
            for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
                if (owner.path("controller").asBoolean(false)) {
                    return Optional.of(new Owner(owner.path("apiVersion").asText(), owner.path("kind").asText(),
                            owner.path("name").asText(), owner.path("uid").asText()));
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private AvoidPods() {
    }

    /** The node's entries (none without the annotation), or empty if the annotation is not readable. */
    static Optional<List<ObjectNode>> read(JsonNode node) {
        String annotation = node.path("metadata").path("annotations").path(ANNOTATION).asText("");
        List<ObjectNode> entries = new ArrayList<>();
        if (annotation.isEmpty()) {
            return Optional.of(entries);
        }
        try {
            JsonNode list = JSON.readTree(annotation).path("preferAvoidPods");
            if (!list.isMissingNode() && !list.isArray()) {
                return Optional.empty();
            }
            for (JsonNode entry : list) {
                if (!entry.isObject()) {
                    return Optional.empty();
                }
                entries.add((ObjectNode) entry);
            }
            return Optional.of(entries);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The annotation's value for these entries, or {@code null} (remove it) when there is none. */
    static String write(List<ObjectNode> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        ObjectNode avoid = JSON.createObjectNode();
        avoid.putArray("preferAvoidPods").addAll(entries);
        return avoid.toString();
    }

    /** A new entry of health-service's, asking to avoid the owner from {@code now}. */
    static ObjectNode entry(Owner owner, Instant now, String message) {
        ObjectNode entry = JSON.createObjectNode();
        entry.putObject("podSignature").putObject("podController").put("apiVersion", owner.apiVersion())
                .put("kind", owner.kind()).put("name", owner.name()).put("uid", owner.uid()).put("controller", true);
        entry.put("evictionTime", now.truncatedTo(ChronoUnit.SECONDS).toString()).put("reason", REASON)
                .put("message", message);
        return entry;
    }

    /** The uid of the controller an entry names. */
    static String uid(JsonNode entry) {
        return entry.path("podSignature").path("podController").path("uid").asText("");
    }

    static boolean ours(JsonNode entry) {
        return REASON.equals(entry.path("reason").asText());
    }

    /** When the entry was written, or {@code null} if it does not say (readably). */
    static Instant evictionTime(JsonNode entry) {
        try {
            return Instant.parse(entry.path("evictionTime").asText(""));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether an entry of ours has run its course (one without a readable time has: nothing says it is recent). */
    static boolean expired(JsonNode entry, Instant now, Duration avoidFor) {
        if (!ours(entry)) {
            return false;
        }
        Instant written = evictionTime(entry);
        return written == null || !written.plus(avoidFor).isAfter(now);
    }
}

package io.kumos.placement.workloads;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the {@code metadata} every API object has, as the controllers need it. */
public final class Metadata {

    private Metadata() {
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    public static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText("");
    }

    public static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText("");
    }

    public static String resourceVersion(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asText("");
    }

    public static long generation(JsonNode object) {
        return object.path("metadata").path("generation").asLong(0);
    }

    public static JsonNode labels(JsonNode object) {
        return object.path("metadata").path("labels");
    }

    public static String annotation(JsonNode object, String key) {
        return object.path("metadata").path("annotations").path(key).asText(null);
    }

    /** Whether the object is being deleted (it has a deletionTimestamp and waits for finalizers or a node). */
    public static boolean terminating(JsonNode object) {
        JsonNode timestamp = object.path("metadata").path("deletionTimestamp");
        return !timestamp.isMissingNode() && !timestamp.isNull();
    }

    /** The creation time, or the epoch for an object that has none (it sorts first, as upstream's zero time). */
    public static Instant created(JsonNode object) {
        return time(object.path("metadata").path("creationTimestamp")).orElse(Instant.EPOCH);
    }

    /** An RFC 3339 time field, if present and readable. */
    public static Optional<Instant> time(JsonNode field) {
        if (!field.isTextual() || field.asText().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(field.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A time as the API writes it: RFC 3339 in UTC, whole seconds. */
    public static String format(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

package io.kumos.placement.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One write a controller decided on: the value its pure decision returns, and what {@link ActionWriter} carries
 * out through the api-gateway. Decisions are level-triggered: an action that fails (the object changed meanwhile,
 * 409; it is gone, 404) is simply decided again, or not, on the next pass.
 */
public sealed interface Action {

    /**
     * Creates an object. With an {@code owner}, the creation is announced on the owner as a
     * {@code SuccessfulCreate} Event, and a created pod is expected in the projection before the owner's pods
     * are counted again (see {@link Expectations}).
     */
    record Create(Kind kind, String namespace, ObjectNode object, JsonNode owner) implements Action {
    }

    /**
     * A JSON merge patch of an object, or of its status. A {@code metadata.resourceVersion} in the patch makes it
     * conditional on the object being as the controller saw it.
     */
    record Patch(Kind kind, String namespace, String name, boolean status, ObjectNode patch) implements Action {
    }

    /**
     * Deletes an object (only the one with this uid) with a propagation policy. With an {@code owner}, the deletion
     * is announced on the owner as a {@code SuccessfulDelete} Event and expected in the projection.
     */
    record Delete(Kind kind, String namespace, String name, String uid, String propagationPolicy, JsonNode owner)
            implements Action {
    }

    /** An Event about an object ({@code Normal} or {@code Warning}). */
    record Emit(JsonNode about, String type, String reason, String message) implements Action {

        public static Emit normal(JsonNode about, String reason, String message) {
            return new Emit(about, "Normal", reason, message);
        }

        public static Emit warning(JsonNode about, String reason, String message) {
            return new Emit(about, "Warning", reason, message);
        }
    }
}

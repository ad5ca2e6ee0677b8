package io.kumos.gateway.objects;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.store.StoredObject;

/**
 * A delete's options ({@code meta/v1 DeleteOptions}), from the request body kubectl sends or the query.
 *
 * @param gracePeriodSeconds how long a pod's node gets to stop it; 0 deletes at once
 * @param propagationPolicy  Background (the default), Foreground or Orphan
 * @param uid                precondition: the object's uid must be this
 * @param resourceVersion    precondition: the object's resourceVersion must be this
 */
public record DeleteOptions(Optional<Long> gracePeriodSeconds, String propagationPolicy, Optional<String> uid,
        Optional<String> resourceVersion) {

    private static final List<String> POLICIES = List.of("Background", "Foreground", "Orphan");

    public static final DeleteOptions DEFAULT =
            new DeleteOptions(Optional.empty(), "Background", Optional.empty(), Optional.empty());

    /**
     * The options of a body (JSON, possibly empty) and query parameters; the body wins where both say something.
     * The old {@code orphanDependents} flag maps to a policy. A negative grace period counts as one second, as
     * kube-apiserver's delete path has it.
     */
    public static DeleteOptions of(JsonNode body, OptionalLong queryGrace, String queryPolicy) {
        Optional<Long> grace = (body.hasNonNull("gracePeriodSeconds")
                ? Optional.of(body.get("gracePeriodSeconds").asLong())
                : queryGrace.isPresent() ? Optional.of(queryGrace.getAsLong()) : Optional.<Long>empty())
                .map(seconds -> seconds < 0 ? 1L : seconds);
        String policy = body.path("propagationPolicy").asText(queryPolicy == null ? "" : queryPolicy);
        if (policy.isEmpty() && body.has("orphanDependents")) {
            policy = body.path("orphanDependents").asBoolean() ? "Orphan" : "Background";
        }
        if (policy.isEmpty()) {
            policy = "Background";
        }
        if (!POLICIES.contains(policy)) {
            throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        JsonNode preconditions = body.path("preconditions");
        return new DeleteOptions(grace, policy, text(preconditions.path("uid")),
                text(preconditions.path("resourceVersion")));
    }

    /** The finalizer that holds the object back while its dependents are dealt with, if the policy has one. */
    public Optional<String> policyFinalizer() {
        return switch (propagationPolicy) {
            case "Foreground" -> Optional.of("foregroundDeletion");
            case "Orphan" -> Optional.of("orphan");
            default -> Optional.empty();
        };
    }

    void checkPreconditions(ResourceType type, String name, StoredObject current) {
        if (uid.isPresent() && !uid.get().equals(current.uid().toString())) {
            throw ApiException.of(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural()
                    + " \"" + name + "\": Precondition failed: UID in precondition: " + uid.get()
                    + ", UID in object meta: " + current.uid());
        }
        if (resourceVersion.isPresent() && !resourceVersion.get().equals(Long.toString(current.revision()))) {
            throw ApiException.of(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural()
                    + " \"" + name + "\": Precondition failed: ResourceVersion in precondition: "
                    + resourceVersion.get() + ", ResourceVersion in object meta: " + current.revision());
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }
}

package io.kumos.gateway.objects;

import java.util.OptionalLong;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.kinds.LabelSelectors;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * The subresources that are views of, or actions on, an object: {@code scale} (an autoscaling/v1 Scale over
 * {@code spec.replicas}), a pod's {@code binding} to a node and its {@code eviction}.
 */
@ApplicationScoped
public class Subresources {

    private final ObjectService objects;
    private final ObjectMapper json;

    Subresources(ObjectService objects, ObjectMapper json) {
        this.objects = objects;
        this.json = json;
    }

    public Uni<JsonNode> scale(ResourceType type, String namespace, String name) {
        return objects.get(type, namespace, name).map(this::toScale);
    }

    /**
     * Changes the replicas through a Scale: {@code change} gets the current Scale and returns the wanted one; a
     * resourceVersion in it is a precondition on the object, as {@code kubectl scale --current-replicas} uses.
     */
    public Uni<JsonNode> updateScale(ResourceType type, String namespace, String name, String manager,
            UnaryOperator<ObjectNode> change) {
        return objects.update(type, namespace, name, false, manager, current -> {
            ObjectNode wanted = change.apply(toScale(current));
            JsonNode replicas = wanted.path("spec").path("replicas");
            if (!replicas.isIntegralNumber() || replicas.asLong() < 0) {
                throw ApiException.invalid("Scale", name, java.util.List.of(ApiException.fieldCause(
                        "FieldValueInvalid", "spec.replicas", "Invalid value: " + replicas
                                + ": must be greater than or equal to 0")));
            }
            ObjectNode metadata = ObjectRules.metadata(current);
            String precondition = wanted.path("metadata").path("resourceVersion").asText("");
            if (precondition.isEmpty()) {
                metadata.remove("resourceVersion");
            } else {
                metadata.put("resourceVersion", precondition);
            }
            ((ObjectNode) current.path("spec")).set("replicas", replicas);
            return current;
        }).map(this::toScale);
    }

    /**
     * Binds an unbound pod to the node a {@code v1.Binding} names; a pod is bound once (409 after). As in
     * kube-apiserver, the Binding's {@code metadata.uid} and {@code metadata.resourceVersion}, when given, are
     * preconditions: a scheduler that decided on a pod that was replaced, or changed, since gets 409 Conflict.
     */
    public Uni<JsonNode> bind(ResourceType pods, String namespace, String name, JsonNode binding, String manager) {
        String node = binding.path("target").path("name").asText("");
        if (node.isEmpty()) {
            throw ApiException.invalid("Binding", name, java.util.List.of(ApiException.fieldCause(
                    "FieldValueRequired", "target.name", "Required value")));
        }
        String uid = Preconditions.uidOf(binding);
        JsonNode version = binding.path("metadata").path("resourceVersion");
        return objects.update(pods, namespace, name, false, manager, pod -> {
            Preconditions.uid("pods/binding", name, uid, Preconditions.uidOf(pod));
            String bound = pod.path("spec").path("nodeName").asText("");
            if (!bound.isEmpty()) {
                throw ApiException.of(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + name
                        + "\": pod " + name + " is already assigned to node \"" + bound + "\"");
            }
            if (pod.path("metadata").has("deletionTimestamp")) {
                throw ApiException.of(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + name
                        + "\": pod " + name + " is being deleted, cannot be assigned to a host");
            }
            ObjectNode metadata = ObjectRules.metadata(pod);
            if (version.isTextual() && !version.asText().isEmpty()) {
                metadata.put("resourceVersion", version.asText());
            } else {
                metadata.remove("resourceVersion");
            }
            ((ObjectNode) pod.path("spec")).put("nodeName", node);
            return pod;
        }).map(pod -> success(201));
    }

    /** Evicts a pod: deletes it with the eviction's options (no disruption budgets are served to forbid it). */
    public Uni<JsonNode> evict(ResourceType pods, String namespace, String name, JsonNode eviction) {
        DeleteOptions options = DeleteOptions.of(eviction.path("deleteOptions"), OptionalLong.empty(), null);
        return objects.delete(pods, namespace, name, options).map(pod -> success(201));
    }

    private ObjectNode toScale(JsonNode object) {
        ObjectNode scale = json.createObjectNode();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        JsonNode metadata = object.path("metadata");
        ObjectNode scaleMetadata = scale.putObject("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (metadata.has(field)) {
                scaleMetadata.set(field, metadata.get(field));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
        scale.putObject("status").put("replicas", object.path("status").path("replicas").asInt(0))
                .put("selector", LabelSelectors.toQuery(object.path("spec").path("selector")));
        return scale;
    }

    private ObjectNode success(int code) {
        ObjectNode status = json.createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success").put("code", code);
        return status;
    }
}

package io.kumos.gateway.objects;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.kumos.gateway.kinds.DnsNames;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;

/**
 * The rules every object must meet before it is written, as kube-apiserver words them. Pure functions over the
 * request's JSON; they throw {@link ApiException}s (400 for a body that contradicts the URL, 422 for an invalid
 * object) and touch nothing.
 */
public final class ObjectRules {

    private ObjectRules() {
    }

    /** The body must be a JSON object whose apiVersion and kind, when given, are those of the URL. */
    public static ObjectNode checkTypeMatchesUrl(ResourceType type, JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request must be a JSON object");
        }
        String apiVersion = object.path("apiVersion").asText("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        String kind = object.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        object.put("apiVersion", type.apiVersion());
        object.put("kind", type.kind());
        return object;
    }

    /** The namespace of the body, if any, must be the one of the URL; cluster-scoped objects have none. */
    public static void checkNamespaceMatchesUrl(ResourceType type, ObjectNode object, String urlNamespace) {
        ObjectNode metadata = metadata(object);
        String namespace = metadata.path("namespace").asText("");
        if (!type.namespaced()) {
            metadata.remove("namespace");
            return;
        }
        if (!namespace.isEmpty() && !namespace.equals(urlNamespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                    + "on the request");
        }
        metadata.put("namespace", urlNamespace);
    }

    /** On update, the body's name must be the URL's. */
    public static void checkNameMatchesUrl(ObjectNode object, String urlName) {
        String name = metadata(object).path("name").asText("");
        if (!name.isEmpty() && !name.equals(urlName)) {
            throw ApiException.badRequest("the name of the object (" + name
                    + ") does not match the name on the URL (" + urlName + ")");
        }
        metadata(object).put("name", urlName);
    }

    /** Names are DNS-1123 subdomains (namespaces: labels), at most 253 (63) characters. */
    public static void validateName(ResourceType type, String name) {
        List<StatusCause> causes = new ArrayList<>();
        if (name.isEmpty()) {
            causes.add(ApiException.fieldCause("FieldValueRequired", "metadata.name",
                    "Required value: name or generateName is required"));
        } else if ("Namespace".equals(type.kind())) {
            if (!DnsNames.isLabel(name)) {
                causes.add(ApiException.fieldCause("FieldValueInvalid", "metadata.name", "Invalid value: \"" + name
                        + "\": " + DnsNames.LABEL_RULE));
            }
        } else if (!DnsNames.isSubdomain(name)) {
            causes.add(ApiException.fieldCause("FieldValueInvalid", "metadata.name", "Invalid value: \"" + name
                    + "\": " + DnsNames.SUBDOMAIN_RULE));
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type.kind(), name, causes);
        }
    }

    static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode node) {
            return node;
        }
        if (metadata != null && !metadata.isNull()) {
            throw ApiException.badRequest("metadata must be an object");
        }
        return object.putObject("metadata");
    }
}

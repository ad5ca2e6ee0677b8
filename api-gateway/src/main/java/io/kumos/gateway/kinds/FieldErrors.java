package io.kumos.gateway.kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.kumos.gateway.status.ApiException;

/**
 * The field errors validation finds, worded as Kubernetes' {@code field.Error}s are, so that kubectl prints
 * {@code The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0}.
 */
public final class FieldErrors {

    private final List<StatusCause> causes = new ArrayList<>();

    public void required(String field, String detail) {
        add("FieldValueRequired", field, "Required value" + (detail.isEmpty() ? "" : ": " + detail));
    }

    public void invalid(String field, JsonNode value, String detail) {
        add("FieldValueInvalid", field, "Invalid value: " + shown(value) + ": " + detail);
    }

    public void notSupported(String field, JsonNode value, List<String> supported) {
        add("FieldValueNotSupported", field, "Unsupported value: " + shown(value) + ": supported values: "
                + String.join(", ", supported.stream().map(s -> "\"" + s + "\"").toList()));
    }

    public void duplicate(String field, JsonNode value) {
        add("FieldValueDuplicate", field, "Duplicate value: " + shown(value));
    }

    public void forbidden(String field, String detail) {
        add("FieldValueForbidden", field, "Forbidden: " + detail);
    }

    /** The field may not change after creation. */
    public void immutable(String field, JsonNode value, JsonNode old) {
        if (!Objects.equals(normal(value), normal(old))) {
            invalid(field, value, "field is immutable");
        }
    }

    public boolean isEmpty() {
        return causes.isEmpty();
    }

    /** Throws the 422 Invalid of these errors, if there are any. */
    public void throwIfAny(String kind, String name) {
        throwIfAny("", kind, name);
    }

    /** Throws the 422 Invalid of these errors of a kind of a named group, if there are any. */
    public void throwIfAny(String group, String kind, String name) {
        if (!causes.isEmpty()) {
            throw ApiException.invalid(group, kind, name, causes);
        }
    }

    private void add(String reason, String field, String message) {
        causes.add(ApiException.fieldCause(reason, field, message));
    }

    /** Missing and null are the same absence. */
    private static JsonNode normal(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node;
    }

    private static String shown(JsonNode value) {
        if (normal(value) == null) {
            return "null";
        }
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }
}

package io.kumos.gateway.kinds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The rules of the metadata every object has, as k8s.io/apimachinery's {@code ValidateObjectMeta} words them:
 * label keys and values, annotation keys and their total size, owner references and finalizers. Checked on every
 * create and update of every kind, before the kind's own rules.
 */
public final class ObjectMetaRules {

    /** kube-apiserver's limit on the annotations of one object, keys and values together. */
    public static final int ANNOTATIONS_LIMIT_BYTES = 256 * 1024;

    private static final int NAME_PART_MAX = 63;
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final String NAME_PART_FORMAT = "alphanumeric characters, '-', '_' or '.', and must start and "
            + "end with an alphanumeric character";
    private static final String NAME_PART_RULE = "name part must consist of " + NAME_PART_FORMAT + " (e.g. "
            + "'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?"
            + "[A-Za-z0-9]')";
    private static final String QUALIFIED_RULE = "a qualified name must consist of " + NAME_PART_FORMAT + " (e.g. "
            + "'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?"
            + "[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    private static final String LABEL_VALUE_RULE = "a valid label must be an empty string or consist of "
            + NAME_PART_FORMAT + " (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private static final List<String> STANDARD_FINALIZERS = List.of("kubernetes", "orphan", "foregroundDeletion");

    private ObjectMetaRules() {
    }

    public static void validate(JsonNode object, FieldErrors errors) {
        JsonNode metadata = object.path("metadata");
        labels(metadata.path("labels"), errors);
        annotations(metadata.path("annotations"), errors);
        ownerReferences(metadata.path("ownerReferences"), errors);
        finalizers(metadata.path("finalizers"), errors);
    }

    /** Why a key is not a qualified name ({@code [prefix/]name}), upstream's {@code IsQualifiedName}; none if it is. */
    public static List<String> qualifiedNameErrors(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length > 2) {
            return List.of(QUALIFIED_RULE);
        }
        List<String> errors = new ArrayList<>();
        String name = parts[parts.length - 1];
        if (parts.length == 2) {
            String prefix = parts[0];
            if (prefix.isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                if (prefix.length() > 253) {
                    errors.add("prefix part must be no more than 253 characters");
                }
                if (!DnsNames.hasSubdomainForm(prefix)) {
                    errors.add("prefix part " + DnsNames.SUBDOMAIN_RULE);
                }
            }
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (name.length() > NAME_PART_MAX) {
            errors.add("name part must be no more than 63 characters");
        }
        if (!NAME_PART.matcher(name).matches()) {
            errors.add(NAME_PART_RULE);
        }
        return errors;
    }

    private static void labels(JsonNode labels, FieldErrors errors) {
        for (Map.Entry<String, JsonNode> label : labels.properties()) {
            qualifiedNameErrors(label.getKey()).forEach(
                    error -> errors.invalid("metadata.labels", TextNode.valueOf(label.getKey()), error));
            String value = label.getValue().asText("");
            if (value.length() > NAME_PART_MAX) {
                errors.invalid("metadata.labels", label.getValue(), "must be no more than 63 characters");
            }
            if (!value.isEmpty() && !NAME_PART.matcher(value).matches()) {
                errors.invalid("metadata.labels", label.getValue(), LABEL_VALUE_RULE);
            }
        }
    }

    private static void annotations(JsonNode annotations, FieldErrors errors) {
        long bytes = 0;
        for (Map.Entry<String, JsonNode> annotation : annotations.properties()) {
            qualifiedNameErrors(annotation.getKey().toLowerCase(Locale.ROOT)).forEach(
                    error -> errors.invalid("metadata.annotations", TextNode.valueOf(annotation.getKey()), error));
            bytes += utf8Length(annotation.getKey()) + utf8Length(annotation.getValue().asText(""));
        }
        if (bytes > ANNOTATIONS_LIMIT_BYTES) {
            errors.tooLong("metadata.annotations", ANNOTATIONS_LIMIT_BYTES);
        }
    }

    private static void ownerReferences(JsonNode references, FieldErrors errors) {
        String field = "metadata.ownerReferences";
        Optional<String> controller = Optional.empty();
        for (JsonNode reference : references) {
            String apiVersion = reference.path("apiVersion").asText("");
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            String kind = reference.path("kind").asText("");
            if (version.isEmpty() || apiVersion.chars().filter(c -> c == '/').count() > 1) {
                errors.invalid(field + ".apiVersion", reference.path("apiVersion"), "version must not be empty");
            }
            if (kind.isEmpty()) {
                errors.invalid(field + ".kind", reference.path("kind"), "must not be empty");
            }
            if (reference.path("name").asText("").isEmpty()) {
                errors.invalid(field + ".name", reference.path("name"), "must not be empty");
            }
            if (reference.path("uid").asText("").isEmpty()) {
                errors.invalid(field + ".uid", reference.path("uid"), "must not be empty");
            }
            if (apiVersion.equals("v1") && kind.equals("Event")) {
                errors.invalid(field, reference, "/v1, Kind=Event is disallowed from being an owner");
            }
            if (reference.path("controller").asBoolean(false)) {
                String name = kind + "/" + reference.path("name").asText("");
                if (controller.isPresent()) {
                    errors.invalid(field, references, "Only one reference can have Controller set to true. Found "
                            + "\"true\" in references for " + controller.get() + " and " + name);
                } else {
                    controller = Optional.of(name);
                }
            }
        }
    }

    private static void finalizers(JsonNode finalizers, FieldErrors errors) {
        for (JsonNode finalizer : finalizers) {
            String name = finalizer.asText("");
            List<String> problems = qualifiedNameErrors(name);
            problems.forEach(problem -> errors.invalid("metadata.finalizers", finalizer, problem));
            if (problems.isEmpty() && !name.contains("/") && !STANDARD_FINALIZERS.contains(name)) {
                errors.invalid("metadata.finalizers", finalizer,
                        "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

package io.kumos.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kumos.gateway.patch.PatchMeta;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.schema.ModelSchema.Shape;

/**
 * The {@code components.schemas} of an OpenAPI v3 document, as kube-apiserver publishes them and
 * {@code kubectl explain} reads them: one schema per type, named as upstream names it
 * ({@code io.k8s.api.apps.v1.Deployment}), with fields, types, descriptions, required fields, the strategic merge
 * patch extensions, and {@code x-kubernetes-group-version-kind} on the kinds. The fields come from the fabric8
 * classes ({@link ModelSchema}), the descriptions from {@code kumos/openapi/descriptions.json}, written from the
 * upstream documentation by {@code src/build/generate-openapi-descriptions.sh}.
 */
final class OpenApiSchemas {

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
    /** Types fabric8 keeps in its core package that upstream names under apimachinery's meta/v1. */
    private static final Set<String> META = Set.of("ObjectMeta", "ListMeta", "LabelSelector",
            "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry", "FieldsV1", "Condition",
            "DeleteOptions", "Preconditions", "Status", "StatusDetails", "StatusCause", "MicroTime", "Time");

    private final ModelSchema schema;
    private final JsonNode descriptions;

    OpenApiSchemas(ModelSchema schema, ObjectMapper json) {
        this.schema = schema;
        try (InputStream in = OpenApiSchemas.class.getResourceAsStream("/kumos/openapi/descriptions.json")) {
            this.descriptions = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the schemas of these kinds, and of every type they reach, to {@code schemas}. */
    void addAll(List<ResourceType> kinds, ObjectNode schemas) {
        Deque<JavaType> queue = new ArrayDeque<>();
        for (ResourceType kind : kinds) {
            JavaType type = schema.type(kind.model());
            ObjectNode object = define(type, schemas, queue);
            ArrayNode gvks = object.withArray("x-kubernetes-group-version-kind");
            gvks.addObject().put("group", kind.group()).put("version", kind.version()).put("kind", kind.kind());
        }
        while (!queue.isEmpty()) {
            define(queue.poll(), schemas, queue);
        }
    }

    /** The schema of one OBJECT type, defined once; the types its fields reach are queued. */
    private ObjectNode define(JavaType type, ObjectNode schemas, Deque<JavaType> queue) {
        String name = name(type.getRawClass());
        if (schemas.get(name) instanceof ObjectNode existing) {
            return existing;
        }
        ObjectNode object = schemas.putObject(name);
        JsonNode described = description(type.getRawClass());
        object.put("description", described.path("").asText(""));
        object.put("type", "object");
        ObjectNode properties = object.putObject("properties");
        for (Map.Entry<String, JavaType> field : schema.properties(type).entrySet()) {
            ObjectNode property = property(field.getValue(), queue);
            String text = described.path(field.getKey()).asText("");
            if (!text.isEmpty()) {
                property.put("description", text);
            }
            PatchMeta.of(type.getRawClass().getSimpleName(), field.getKey()).ifPresent(meta -> patchExtensions(
                    property, meta));
            properties.set(field.getKey(), property);
        }
        if (described.path("required").isArray() && !described.path("required").isEmpty()) {
            object.set("required", described.path("required").deepCopy());
        }
        return object;
    }

    private ObjectNode property(JavaType type, Deque<JavaType> queue) {
        ObjectNode property = new ObjectMapper().createObjectNode();
        Shape shape = schema.shape(type);
        switch (shape) {
            case OBJECT -> {
                queue.add(type);
                property.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + name(type.getRawClass()));
                property.putObject("default");
            }
            case LIST -> {
                property.put("type", "array");
                property.set("items", property(schema.content(type), queue));
            }
            case MAP -> {
                property.put("type", "object");
                property.set("additionalProperties", property(schema.content(type), queue));
            }
            case LEAF -> leaf(type == null ? Object.class : type.getRawClass(), property);
        }
        return property;
    }

    private static void leaf(Class<?> raw, ObjectNode property) {
        if (raw == String.class || raw == Quantity.class || raw.isEnum()) {
            property.put("type", "string");
        } else if (raw == Integer.class || raw == int.class) {
            property.put("type", "integer").put("format", "int32");
        } else if (raw == Long.class || raw == long.class) {
            property.put("type", "integer").put("format", "int64");
        } else if (raw == Boolean.class || raw == boolean.class) {
            property.put("type", "boolean");
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            property.put("type", "number").put("format", "double");
        } else if (raw == IntOrString.class) {
            property.put("x-kubernetes-int-or-string", true);
            property.putArray("anyOf").add(property.objectNode().put("type", "integer"))
                    .add(property.objectNode().put("type", "string"));
        } else {
            property.put("type", "object");
        }
    }

    private static void patchExtensions(ObjectNode property, PatchMeta.Field meta) {
        String strategy = meta.merge() && meta.retainKeys() ? "merge,retainKeys"
                : meta.merge() ? "merge" : meta.retainKeys() ? "retainKeys" : "";
        if (!strategy.isEmpty()) {
            property.put("x-kubernetes-patch-strategy", strategy);
        }
        if (!meta.mergeKey().isEmpty()) {
            property.put("x-kubernetes-patch-merge-key", meta.mergeKey());
        }
        if (!meta.listType().isEmpty()) {
            property.put("x-kubernetes-list-type", meta.listType());
        }
        if (!meta.mapKeys().isEmpty()) {
            ArrayNode keys = property.putArray("x-kubernetes-list-map-keys");
            meta.mapKeys().forEach(keys::add);
        }
    }

    /** {@code io.k8s.api.apps.v1.Deployment}, {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}. */
    static String name(Class<?> type) {
        String simple = type.getSimpleName();
        if (type.getPackageName().equals(FABRIC8) && META.contains(simple)) {
            return "io.k8s.apimachinery.pkg.apis.meta.v1." + simple;
        }
        String[] groupVersion = groupVersion(type);
        return "io.k8s.api." + groupVersion[0] + "." + groupVersion[1] + "." + simple;
    }

    /** The group (its first word, as upstream names packages) and version of a fabric8 class. */
    private static String[] groupVersion(Class<?> type) {
        String rest = type.getPackageName().equals(FABRIC8) ? ""
                : type.getPackageName().substring(FABRIC8.length() + 1);
        if (rest.isEmpty()) {
            return new String[] {"core", "v1"};
        }
        String[] parts = rest.split("\\.");
        return new String[] {parts[0], parts.length > 1 ? parts[1] : "v1"};
    }

    /** The upstream descriptions of a type, under the names the generated Java client gives it. */
    private JsonNode description(Class<?> type) {
        String[] groupVersion = groupVersion(type);
        String version = Character.toUpperCase(groupVersion[1].charAt(0)) + groupVersion[1].substring(1);
        String group = Character.toUpperCase(groupVersion[0].charAt(0)) + groupVersion[0].substring(1);
        for (String candidate : List.of(version + type.getSimpleName(), group + version + type.getSimpleName(),
                "V1" + type.getSimpleName())) {
            JsonNode found = descriptions.get(candidate);
            if (found != null) {
                return found;
            }
        }
        return MissingNode.getInstance();
    }
}

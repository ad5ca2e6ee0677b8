package io.kumos.gateway.schema;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.fabric8.kubernetes.api.model.AnyType;

/**
 * The fields of the Kubernetes types, from the fabric8 classes through Jackson's own introspection: for a type, its
 * JSON properties and their types. Scalars, and the types fabric8 (de)serialises by hand (Quantity, IntOrString),
 * are leaves.
 */
@ApplicationScoped
public class ModelSchema {

    /** What a JSON value is, seen from the schema. */
    public enum Shape { OBJECT, MAP, LIST, LEAF }

    private final ObjectMapper json;
    private final Map<JavaType, Map<String, JavaType>> properties = new ConcurrentHashMap<>();

    public ModelSchema(ObjectMapper json) {
        this.json = json;
    }

    public JavaType type(Class<?> model) {
        return json.constructType(model);
    }

    public Shape shape(JavaType type) {
        if (type == null) {
            return Shape.LEAF;
        }
        if (type.isCollectionLikeType() || type.isArrayType() && !type.getContentType().isPrimitive()) {
            return Shape.LIST;
        }
        if (type.isMapLikeType()) {
            return Shape.MAP;
        }
        return isBean(type) && !properties(type).isEmpty() ? Shape.OBJECT : Shape.LEAF;
    }

    /**
     * A fabric8 model class that Jackson reads field by field. (One without properties, such as FieldsV1, holds
     * free-form JSON: a leaf.)
     */
    private static boolean isBean(JavaType type) {
        Class<?> raw = type.getRawClass();
        return raw.getName().startsWith("io.fabric8.kubernetes.api.model")
                && !raw.isEnum() && !raw.isInterface() && !Modifier.isAbstract(raw.getModifiers())
                && !AnyType.class.isAssignableFrom(raw)
                && !customDeserializer(raw);
    }

    /** Types such as Quantity read themselves from a scalar; fabric8 marks its beans with {@code using = None}. */
    private static boolean customDeserializer(Class<?> raw) {
        JsonDeserialize annotation = raw.getAnnotation(JsonDeserialize.class);
        return annotation != null && annotation.using() != JsonDeserializer.None.class;
    }

    /** The element type of a list, or the value type of a map. */
    public JavaType content(JavaType type) {
        return type == null ? null : type.getContentType();
    }

    /** The JSON properties of an OBJECT type, in declaration order. */
    public Map<String, JavaType> properties(JavaType type) {
        if (type == null || !isBean(type)) {
            return Map.of();
        }
        return properties.computeIfAbsent(type, t -> {
            Map<String, JavaType> found = new LinkedHashMap<>();
            for (BeanPropertyDefinition property : json.getDeserializationConfig().introspect(t).findProperties()) {
                if (!property.getName().equals("additionalProperties")) {
                    found.put(property.getName(), property.getPrimaryType());
                }
            }
            return Collections.unmodifiableMap(found);
        });
    }

    /** The type of one property of an OBJECT type, or null if it has no such property (or is no OBJECT). */
    public JavaType property(JavaType type, String name) {
        return properties(type).get(name);
    }

    /**
     * The fields of {@code value} that {@code type} does not have, as Kubernetes names them
     * ({@code spec.template.spec.containers[0].imagePullPolcy}). Keys starting with {@code $} (patch
     * directives) are ignored, as are the objects inside them.
     */
    public List<String> unknownFields(JsonNode value, JavaType type) {
        List<String> unknown = new ArrayList<>();
        collectUnknown(value, type, "", unknown);
        return unknown;
    }

    /**
     * Removes the fields of {@code value} (in place) that {@code type} does not have, as decoding into the
     * Kubernetes types does: what is stored is what the kind defines. A string field set to {@code ""} goes too,
     * as it does through kube-apiserver, whose Go types cannot tell an empty string from an absent one and leave it
     * out when they write the object ({@code omitempty}): kubectl 1.33's {@code create deployment} sends
     * {@code hostname: ""}, {@code serviceAccountName: ""} and the like, which must read as unset, not as set to
     * nothing. The few Go {@code *string} fields where {@code ""} means something of its own are kept.
     * Entries of maps (labels, annotations, ConfigMap data) are values, not fields, and are kept as they are.
     */
    public void prune(JsonNode value, JavaType type) {
        switch (shape(type)) {
            case OBJECT -> {
                if (value.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> field = it.next();
                        JavaType fieldType = property(type, field.getKey());
                        if (fieldType == null || emptyString(field.getKey(), field.getValue(), fieldType)) {
                            it.remove();
                        } else {
                            prune(field.getValue(), fieldType);
                        }
                    }
                }
            }
            case MAP -> value.fields().forEachRemaining(field -> prune(field.getValue(), content(type)));
            case LIST -> value.forEach(element -> prune(element, content(type)));
            case LEAF -> {
            }
        }
    }

    /** Go {@code *string} fields, whose {@code ""} differs from absent (e.g. a claim of no storage class). */
    private static final java.util.Set<String> EMPTY_IS_A_VALUE = java.util.Set.of("storageClassName",
            "loadBalancerClass", "ingressClassName", "runtimeClassName");

    private static boolean emptyString(String name, JsonNode value, JavaType type) {
        return value.isTextual() && value.asText().isEmpty() && type.getRawClass() == String.class
                && !EMPTY_IS_A_VALUE.contains(name);
    }

    private void collectUnknown(JsonNode value, JavaType type, String path, List<String> unknown) {
        switch (shape(type)) {
            case OBJECT -> {
                if (!value.isObject()) {
                    return;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (field.getKey().startsWith("$")) {
                        continue;
                    }
                    String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                    JavaType fieldType = property(type, field.getKey());
                    if (fieldType == null) {
                        unknown.add(fieldPath);
                    } else {
                        collectUnknown(field.getValue(), fieldType, fieldPath, unknown);
                    }
                }
            }
            case MAP -> value.fields().forEachRemaining(field -> collectUnknown(field.getValue(),
                    content(type), path + "." + field.getKey(), unknown));
            case LIST -> {
                int i = 0;
                for (JsonNode element : value) {
                    collectUnknown(element, content(type), path + "[" + i++ + "]", unknown);
                }
            }
            case LEAF -> {
            }
        }
    }
}

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;

/**
 * Writes the descriptions of the Kubernetes types (what {@code kubectl explain} prints) as JSON, read from the
 * {@code @ApiModel}/{@code @ApiModelProperty} annotations of the generated client in
 * {@code io.kubernetes:client-java-api} (Apache-2.0, generated from the upstream OpenAPI document). Only the types
 * reachable from the kinds the gateway serves are written. Run by {@code generate-openapi-descriptions.sh}; the
 * gateway reads the result, {@code kumos/openapi/descriptions.json}, when it builds its OpenAPI schemas.
 *
 * <p>Output: {@code {"V1Container": {"": "<type description>", "image": "<field description>", ...,
 * "required": ["name"]}, ...}}.
 */
public class OpenApiDescriptions {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final List<String> ROOTS = List.of("V1Namespace", "V1Pod", "V1Node", "V1Service", "V1Endpoints",
            "V1ConfigMap", "V1Secret", "V1ServiceAccount", "CoreV1Event", "V1Deployment", "V1ReplicaSet", "V1Job",
            "V1CronJob", "V1HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler", "V1Lease", "V1EndpointSlice",
            "V1Binding", "V1Eviction", "V1Scale", "V1DeleteOptions", "V1Status");

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, Object>> types = new TreeMap<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (String root : ROOTS) {
            queue.add(Class.forName(MODELS + root));
        }
        while (!queue.isEmpty()) {
            Class<?> type = queue.poll();
            if (types.containsKey(type.getSimpleName())) {
                continue;
            }
            Map<String, Object> entry = new TreeMap<>();
            ApiModel model = type.getAnnotation(ApiModel.class);
            entry.put("", model == null ? "" : model.description());
            List<String> required = new java.util.ArrayList<>();
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                String json = jsonName(type, field);
                ApiModelProperty property = getter(type, field);
                if (json == null || property == null) {
                    continue;
                }
                entry.put(json, property.value());
                if (property.required()) {
                    required.add(json);
                }
                enqueue(field.getGenericType(), queue);
            }
            if (!required.isEmpty()) {
                entry.put("required", required);
            }
            types.put(type.getSimpleName(), entry);
        }
        Files.writeString(Path.of(args[0]), toJson(types) + "\n");
    }

    private static void enqueue(Type type, Deque<Class<?>> queue) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                enqueue(argument, queue);
            }
        } else if (type instanceof Class<?> raw && raw.getName().startsWith(MODELS)) {
            queue.add(raw);
        }
    }

    /**
     * The JSON name of a field: the value of its {@code SERIALIZED_NAME_...} constant, whose name spells the field's
     * in capitals with underscores in places that vary ({@code hostIPs}: {@code HOST_I_PS}).
     */
    private static String jsonName(Class<?> type, Field field) throws IllegalAccessException {
        String wanted = field.getName().replace("_", "").toLowerCase();
        for (Field constant : type.getFields()) {
            if (constant.getName().startsWith("SERIALIZED_NAME_") && Modifier.isStatic(constant.getModifiers())
                    && constant.getName().substring(16).replace("_", "").toLowerCase().equals(wanted)) {
                return (String) constant.get(null);
            }
        }
        return null;
    }

    private static ApiModelProperty getter(Class<?> type, Field field) {
        String bare = field.getName().startsWith("_") ? field.getName().substring(1) : field.getName();
        String name = Character.toUpperCase(bare.charAt(0)) + bare.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                Method method = type.getMethod(prefix + name);
                return method.getAnnotation(ApiModelProperty.class);
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        return null;
    }

    private static String toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ",\n" : "\n").append(toJson(k)).append(":")
                    .append(toJson(v)));
            return out.append("}").toString();
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(",", list.stream().map(OpenApiDescriptions::toJson).toList()) + "]";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}

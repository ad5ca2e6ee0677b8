package io.kumos.agent.pods;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A container's environment as the kubelet makes it: {@code envFrom} first (ConfigMaps and Secrets, with their
 * prefix), then {@code env} in order, each value with {@code $(VAR)} references to earlier variables expanded
 * ({@code $$} escapes), and {@code valueFrom} read from ConfigMap and Secret keys, the downward API (pod name,
 * namespace, uid, labels, annotations, node, service account, pod and host IP) and the container's resources.
 * What cannot be resolved is a {@link ConfigError}, with the kubelet's wording, which the pod's status shows as
 * {@code CreateContainerConfigError}.
 */
final class ContainerEnv {

    /** A reference that cannot be resolved. */
    static final class ConfigError extends RuntimeException {
        ConfigError(String message) {
            super(message);
        }
    }

    /**
     * Reads an object of the pod's namespace: {@code ("configmaps", name)} or {@code ("secrets", name)}, empty if
     * there is none.
     */
    interface Objects extends BiFunction<String, String, Optional<JsonNode>> {
    }

    private ContainerEnv() {
    }

    /**
     * The container's environment. It starts with {@code HOSTNAME}, the pod's host name, as a container in a
     * Kubernetes pod sees it (the engine would give the container's id: it shares the sandbox's UTS namespace but
     * not its configuration); the pod's own variables may override it.
     */
    static Map<String, String> resolve(JsonNode pod, JsonNode container, String podIp, String hostIp,
            Objects objects) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOSTNAME", hostname(pod));
        String namespace = pod.path("metadata").path("namespace").asText();
        for (JsonNode source : container.path("envFrom")) {
            String prefix = source.path("prefix").asText("");
            boolean secret = source.has("secretRef");
            JsonNode ref = secret ? source.path("secretRef") : source.path("configMapRef");
            String name = ref.path("name").asText();
            Optional<JsonNode> object = objects.apply(secret ? "secrets" : "configmaps", name);
            if (object.isEmpty()) {
                if (ref.path("optional").asBoolean(false)) {
                    continue;
                }
                throw new ConfigError((secret ? "secret" : "configmap") + " \"" + name + "\" not found");
            }
            data(object.get(), secret).forEach((key, value) -> env.put(prefix + key, value));
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("valueFrom")) {
                String value = valueFrom(variable.path("valueFrom"), pod, container, podIp, hostIp, namespace,
                        objects);
                if (value != null) {
                    env.put(name, value);
                }
            } else {
                env.put(name, expand(variable.path("value").asText(""), env));
            }
        }
        return env;
    }

    private static String valueFrom(JsonNode from, JsonNode pod, JsonNode container, String podIp, String hostIp,
            String namespace, Objects objects) {
        if (from.has("fieldRef")) {
            return field(from.path("fieldRef").path("fieldPath").asText(), pod, podIp, hostIp);
        }
        if (from.has("resourceFieldRef")) {
            return resource(from.path("resourceFieldRef"), container);
        }
        boolean secret = from.has("secretKeyRef");
        JsonNode ref = secret ? from.path("secretKeyRef") : from.path("configMapKeyRef");
        String name = ref.path("name").asText();
        String key = ref.path("key").asText();
        boolean optional = ref.path("optional").asBoolean(false);
        Optional<JsonNode> object = objects.apply(secret ? "secrets" : "configmaps", name);
        if (object.isEmpty()) {
            if (optional) {
                return null;
            }
            throw new ConfigError((secret ? "secret" : "configmap") + " \"" + name + "\" not found");
        }
        String value = data(object.get(), secret).get(key);
        if (value == null && !optional) {
            throw new ConfigError("couldn't find key " + key + " in " + (secret ? "Secret" : "ConfigMap") + " "
                    + namespace + "/" + name);
        }
        return value;
    }

    private static String field(String path, JsonNode pod, String podIp, String hostIp) {
        JsonNode metadata = pod.path("metadata");
        if (path.startsWith("metadata.labels['") || path.startsWith("metadata.annotations['")) {
            String map = path.startsWith("metadata.labels") ? "labels" : "annotations";
            String key = path.substring(path.indexOf("['") + 2, path.length() - 2);
            return metadata.path(map).path(key).asText("");
        }
        return switch (path) {
            case "metadata.name" -> metadata.path("name").asText();
            case "metadata.namespace" -> metadata.path("namespace").asText();
            case "metadata.uid" -> metadata.path("uid").asText();
            case "spec.nodeName" -> pod.path("spec").path("nodeName").asText();
            case "spec.serviceAccountName" -> pod.path("spec").path("serviceAccountName").asText("default");
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> hostIp;
            default -> throw new ConfigError("unsupported fieldPath: " + path);
        };
    }

    private static String resource(JsonNode ref, JsonNode container) {
        String resource = ref.path("resource").asText();
        String kind = resource.startsWith("limits.") ? "limits" : "requests";
        String name = resource.substring(resource.indexOf('.') + 1);
        JsonNode quantity = container.path("resources").path(kind).path(name);
        if (quantity.isMissingNode()) {
            return "0";
        }
        long divisor = 1;
        if (ref.has("divisor")) {
            divisor = Math.max(1, name.equals("cpu")
                    ? io.kumos.grid.api.Quantities.milliCpu(ref.path("divisor").asText())
                    : io.kumos.grid.api.Quantities.bytes(ref.path("divisor").asText()));
        } else if (name.equals("cpu")) {
            divisor = 1000;
        }
        long value = name.equals("cpu") ? io.kumos.grid.api.Quantities.milliCpu(quantity.asText())
                : io.kumos.grid.api.Quantities.bytes(quantity.asText());
        return Long.toString((value + divisor - 1) / divisor);
    }

    private static Map<String, String> data(JsonNode object, boolean secret) {
        Map<String, String> data = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.path("data").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String value = field.getValue().asText();
            data.put(field.getKey(), secret
                    ? new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8) : value);
        }
        if (secret) {
            object.path("stringData").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
        }
        return data;
    }

    /** Expands {@code $(NAME)} from the variables defined so far; unknown references stay as written. */
    /** The pod's host name: {@code spec.hostname}, else its name, at most 63 characters. */
    static String hostname(JsonNode pod) {
        String hostname = pod.path("spec").path("hostname").asText("");
        if (hostname.isEmpty()) {
            hostname = pod.path("metadata").path("name").asText();
        }
        return hostname.length() > 63 ? hostname.substring(0, 63) : hostname;
    }

    static String expand(String value, Map<String, String> defined) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(') {
                int end = value.indexOf(')', i + 2);
                String name = end < 0 ? null : value.substring(i + 2, end);
                if (name != null && defined.containsKey(name)) {
                    out.append(defined.get(name));
                    i = end;
                } else {
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

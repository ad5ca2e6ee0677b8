package io.kumos.network.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.objects.GridObject;

/** Services and pods as the API serves them, written the way a test reads best. */
final class TestObjects {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestObjects() {
    }

    /** A ClusterIP Service selecting {@code app=<selector>}, with one port per {@code name:port:targetPort}. */
    static ObjectNode service(String namespace, String name, String selector, String... ports) {
        ObjectNode service = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        service.putObject("metadata").put("namespace", namespace).put("name", name).put("uid", "uid-" + name)
                .putObject("labels").put("app", selector);
        ObjectNode spec = service.putObject("spec").put("type", "ClusterIP").put("clusterIP", "10.96.0.20");
        spec.putObject("selector").put("app", selector);
        ArrayNode list = spec.putArray("ports");
        for (String port : ports) {
            String[] parts = port.split(":");
            ObjectNode entry = list.addObject().put("name", parts[0]).put("port", Integer.parseInt(parts[1]))
                    .put("protocol", "TCP");
            if (parts[2].chars().allMatch(Character::isDigit)) {
                entry.put("targetPort", Integer.parseInt(parts[2]));
            } else {
                entry.put("targetPort", parts[2]);
            }
        }
        return service;
    }

    /** A running pod labelled {@code app=<app>} on node-1 at that address (none if null), ready or not. */
    static ObjectNode pod(String namespace, String name, String app, String ip, boolean ready) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("namespace", namespace).put("name", name).put("uid", "uid-" + name)
                .putObject("labels").put("app", app);
        pod.putObject("spec").put("nodeName", "node-1").putArray("containers").addObject().put("name", "main")
                .put("image", "nginx");
        ObjectNode status = pod.putObject("status").put("phase", "Running");
        if (ip != null) {
            status.put("podIP", ip);
        }
        status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False");
        return pod;
    }

    /** Gives the pod's container a named port. */
    static ObjectNode withPort(ObjectNode pod, String name, int containerPort, String protocol) {
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").path(0);
        ArrayNode ports = container.has("ports") ? (ArrayNode) container.get("ports") : container.putArray("ports");
        ports.addObject().put("name", name).put("containerPort", containerPort).put("protocol", protocol);
        return pod;
    }

    /** Marks the pod as being deleted. */
    static ObjectNode terminating(ObjectNode pod) {
        ((ObjectNode) pod.path("metadata")).put("deletionTimestamp", "2025-01-01T00:00:00Z");
        return pod;
    }

    /** The object as the grid projects it. */
    static GridObject projected(String resource, JsonNode object, long revision) {
        JsonNode metadata = object.path("metadata");
        return new GridObject(resource, metadata.path("namespace").asText(""), metadata.path("name").asText(),
                revision, false, object.toString());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}

package io.kumos.health.nodes;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.nodes.Taint;

/** Nodes and pods as the api-gateway serves them, for the tests. */
final class TestObjects {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private TestObjects() {
    }

    /** A node as its agent reports it: the three pressures False and Ready with this status. */
    static ObjectNode node(String name, String ready) {
        ObjectNode node = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", name).put("uid", "uid-" + name).put("resourceVersion", "10")
                .put("creationTimestamp", "2025-01-01T09:00:00Z");
        node.putObject("spec");
        ArrayNode conditions = node.putObject("status").putArray("conditions");
        for (String pressure : new String[] {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
            conditions.addObject().put("type", pressure).put("status", "False").put("reason", "KubeletHas" + pressure)
                    .put("lastHeartbeatTime", "2025-01-01T09:59:58Z")
                    .put("lastTransitionTime", "2025-01-01T09:00:00Z");
        }
        conditions.addObject().put("type", "Ready").put("status", ready).put("reason", "KubeletReady")
                .put("message", "kumos node agent is posting ready status")
                .put("lastHeartbeatTime", "2025-01-01T09:59:58Z").put("lastTransitionTime", "2025-01-01T09:00:00Z");
        return node;
    }

    static ObjectNode taint(ObjectNode node, String key, String effect, Instant added) {
        ObjectNode spec = (ObjectNode) node.get("spec");
        ArrayNode taints = spec.has("taints") ? (ArrayNode) spec.get("taints") : spec.putArray("taints");
        taints.add(new Taint(key, "", effect, added).toJson());
        return node;
    }

    /** A running, ready pod of a ReplicaSet, bound to the node. */
    static ObjectNode pod(String name, String node) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", "shop")
                .put("uid", "uid-" + name).put("resourceVersion", "20");
        metadata.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
                .put("name", "web-abc").put("uid", "uid-rs").put("controller", true);
        pod.putObject("spec").put("nodeName", node).putArray("tolerations");
        ObjectNode status = pod.putObject("status").put("phase", "Running");
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
        return pod;
    }

    /** Adds a toleration; {@code seconds} null for none. */
    static ObjectNode tolerate(ObjectNode pod, String key, String operator, String effect, Long seconds) {
        ObjectNode toleration = ((ArrayNode) pod.get("spec").get("tolerations")).addObject();
        if (key != null) {
            toleration.put("key", key);
        }
        toleration.put("operator", operator);
        if (effect != null) {
            toleration.put("effect", effect);
        }
        if (seconds != null) {
            toleration.put("tolerationSeconds", seconds);
        }
        return pod;
    }

    /** The defaults the api-gateway gives every pod at admission. */
    static ObjectNode withDefaultTolerations(ObjectNode pod, long seconds) {
        tolerate(pod, Taint.NOT_READY, "Exists", Taint.NO_EXECUTE, seconds);
        return tolerate(pod, Taint.UNREACHABLE, "Exists", Taint.NO_EXECUTE, seconds);
    }
}

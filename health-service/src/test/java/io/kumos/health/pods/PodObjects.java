package io.kumos.health.pods;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Nodes and pods as the api-gateway serves them, for the rescheduler's tests. */
final class PodObjects {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    static final String RS_UID = "uid-rs";

    private PodObjects() {
    }

    /** A node with a Ready condition of this status. */
    static ObjectNode node(String name, String ready) {
        ObjectNode node = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", name).put("uid", "uid-" + name).put("resourceVersion", "10");
        node.putObject("spec");
        node.putObject("status").putArray("conditions").addObject().put("type", "Ready").put("status", ready);
        return node;
    }

    /** Sets the node's avoid-list annotation to this JSON. */
    static ObjectNode avoiding(ObjectNode node, String annotation) {
        ((ObjectNode) node.get("metadata")).putObject("annotations").put(AvoidPods.ANNOTATION, annotation);
        return node;
    }

    /** A running pod of ReplicaSet web-abc on the node, with one container {@code main} that restarted so often. */
    static ObjectNode pod(String name, String node, boolean ready, int restarts) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", "shop")
                .put("uid", "uid-" + name).put("resourceVersion", "20")
                .put("creationTimestamp", T0.minusSeconds(3600).toString());
        metadata.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
                .put("name", "web-abc").put("uid", RS_UID).put("controller", true);
        pod.putObject("spec").put("nodeName", node);
        ObjectNode status = pod.putObject("status").put("phase", "Running");
        status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False");
        status.putArray("containerStatuses").addObject().put("name", "main").put("restartCount", restarts)
                .put("ready", ready).putObject("state").putObject("running");
        return pod;
    }

    static ObjectNode restarts(ObjectNode pod, int count) {
        ObjectNode copy = pod.deepCopy();
        ((ObjectNode) copy.at("/status/containerStatuses/0")).put("restartCount", count);
        return copy;
    }

    /** The pod with its container waiting for this reason. */
    static ObjectNode waiting(ObjectNode pod, String reason) {
        ObjectNode copy = pod.deepCopy();
        ((ObjectNode) copy.at("/status/containerStatuses/0")).putObject("state").putObject("waiting")
                .put("reason", reason).put("message", "…");
        ((ObjectNode) copy.get("status")).put("phase", "Pending");
        return copy;
    }

    static ObjectNode standalone(ObjectNode pod) {
        ((ObjectNode) pod.get("metadata")).remove("ownerReferences");
        return pod;
    }

    static ObjectNode condition(ObjectNode pod, String type, String status, String reason, String message) {
        ArrayNode conditions = (ArrayNode) pod.at("/status/conditions");
        conditions.addObject().put("type", type).put("status", status).put("reason", reason).put("message", message);
        return pod;
    }
}

package io.kumos.testing.hollow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The API objects and patches a hollow node writes, as a node agent writes them (see node-agent's
 * {@code NodeRegistration} and {@code NodeStatus}): the Node with its labels, capacity and Ready condition, its
 * Lease, the status that makes it Ready again, and a pod's Running status. Pure.
 */
final class HollowObjects {

    static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HollowObjects() {
    }

    /** The {@code index}th node of the fleet, Ready. */
    static ObjectNode node(HollowFleet fleet, int index, Instant now) {
        String name = fleet.name(index);
        ObjectNode node = JSON.objectNode().put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", name).putObject("labels")
                .put("kubernetes.io/hostname", name).put("kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", "amd64").put(HollowFleet.ZONE_LABEL, fleet.zone(index))
                .put(HollowFleet.LABEL, fleet.prefix());
        node.putObject("spec");
        ObjectNode status = readyStatus(now);
        status.putObject("capacity").put("cpu", fleet.cpu()).put("memory", fleet.memory())
                .put("pods", Integer.toString(fleet.maxPods()));
        status.set("allocatable", status.get("capacity").deepCopy());
        status.putObject("nodeInfo").put("machineID", "").put("systemUUID", "").put("bootID", "")
                .put("kernelVersion", "").put("osImage", "hollow").put("containerRuntimeVersion", "hollow://0")
                .put("kubeletVersion", "v1.30.0-kumos-hollow").put("kubeProxyVersion", "")
                .put("operatingSystem", "linux").put("architecture", "amd64");
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "Hostname").put("address", name);
        node.set("status", status);
        return node;
    }

    /** A status whose conditions say Ready, as a node agent posts it; a merge patch of it leaves the rest. */
    static ObjectNode readyStatus(Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = JSON.objectNode();
        ArrayNode conditions = status.putArray("conditions");
        condition(conditions, "MemoryPressure", "False", "KubeletHasSufficientMemory", time);
        condition(conditions, "DiskPressure", "False", "KubeletHasNoDiskPressure", time);
        condition(conditions, "PIDPressure", "False", "KubeletHasSufficientPID", time);
        condition(conditions, "Ready", "True", "KubeletReady", time);
        return status;
    }

    /** Whether a Node's Ready condition is True. */
    static boolean ready(JsonNode node) {
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText());
            }
        }
        return false;
    }

    /** The node's Lease in {@code kube-node-lease}, owned by its Node. */
    static ObjectNode lease(String node, String nodeUid, long durationSeconds, Instant now) {
        ObjectNode lease = JSON.objectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        ObjectNode metadata = lease.putObject("metadata").put("name", node).put("namespace", "kube-node-lease");
        metadata.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Node")
                .put("name", node).put("uid", nodeUid);
        lease.set("spec", leaseSpec(node, durationSeconds, now));
        return lease;
    }

    /** A merge patch renewing a Lease. */
    static ObjectNode leaseRenewal(String node, long durationSeconds, Instant now) {
        ObjectNode patch = JSON.objectNode();
        patch.set("spec", leaseSpec(node, durationSeconds, now));
        return patch;
    }

    private static ObjectNode leaseSpec(String node, long durationSeconds, Instant now) {
        return JSON.objectNode().put("holderIdentity", node).put("leaseDurationSeconds", durationSeconds)
                .put("renewTime", MICRO_TIME.format(now));
    }

    /**
     * A merge patch of a pod's status: Running and Ready, every container running since now, as a kubelet reports a
     * pod whose containers started. The uid is a precondition: a pod deleted and made anew is not patched.
     */
    static ObjectNode running(JsonNode pod, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode patch = JSON.objectNode();
        patch.putObject("metadata").put("uid", pod.path("metadata").path("uid").asText());
        ObjectNode status = patch.putObject("status").put("phase", "Running").put("startTime", time);
        ArrayNode conditions = status.putArray("conditions");
        for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
            conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", time);
        }
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            ObjectNode running = containers.addObject().put("name", container.path("name").asText())
                    .put("image", container.path("image").asText()).put("imageID", "")
                    .put("containerID", "hollow://" + pod.path("metadata").path("uid").asText() + "/"
                            + container.path("name").asText())
                    .put("ready", true).put("started", true).put("restartCount", 0);
            running.putObject("state").putObject("running").put("startedAt", time);
        }
        return patch;
    }

    /** What a kubelet sends to confirm a pod's deletion once its containers are gone: grace 0, this uid only. */
    static ObjectNode confirmDeletion(JsonNode pod) {
        ObjectNode options = JSON.objectNode().put("gracePeriodSeconds", 0);
        options.putObject("preconditions").put("uid", pod.path("metadata").path("uid").asText());
        return options;
    }

    private static void condition(ArrayNode conditions, String type, String value, String reason, String time) {
        conditions.addObject().put("type", type).put("status", value).put("lastHeartbeatTime", time)
                .put("lastTransitionTime", time).put("reason", reason)
                .put("message", "hollow node: " + reason);
    }
}

package io.kumos.placement.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Snapshot;

/**
 * What one scheduling pass reads: the nodes with the pods bound to them (finished pods left out, since they hold
 * nothing), the pending pods (no node, not finished, not being deleted), and the namespaces' labels; and, compared
 * with the previous pass's view, the cluster events between them. Pure.
 */
final class ClusterView {

    private final List<NodeInfo> nodes = new ArrayList<>();
    private final List<PodInfo> pending = new ArrayList<>();
    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    /** What of each node matters to scheduling, by name: a change of it is a NODE_CHANGED event. */
    private final Map<String, String> nodeFingerprints = new HashMap<>();
    /** The labels of each bound pod, by uid. */
    private final Map<String, Map<String, String>> boundPods = new HashMap<>();

    static final ClusterView EMPTY = new ClusterView(List.of(), List.of(), List.of());

    ClusterView(List<JsonNode> nodeObjects, List<JsonNode> podObjects, List<JsonNode> namespaces) {
        Map<String, NodeInfo> byName = new HashMap<>();
        for (JsonNode node : nodeObjects) {
            NodeInfo info = new NodeInfo(node);
            nodes.add(info);
            byName.put(info.name(), info);
            nodeFingerprints.put(info.name(), fingerprint(node));
        }
        nodes.sort(Comparator.comparing(NodeInfo::name));
        for (JsonNode pod : podObjects) {
            String phase = pod.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                continue;
            }
            String nodeName = pod.path("spec").path("nodeName").asText("");
            if (!nodeName.isEmpty()) {
                NodeInfo node = byName.get(nodeName);
                if (node != null) {
                    PodInfo info = PodInfo.of(pod);
                    node.add(info);
                    boundPods.put(info.uid(), info.labels());
                }
            } else if (!pod.path("metadata").has("deletionTimestamp")) {
                pending.add(PodInfo.of(pod));
            }
        }
        for (JsonNode namespace : namespaces) {
            Map<String, String> labels = new HashMap<>();
            namespace.path("metadata").path("labels").fields()
                    .forEachRemaining(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
            namespaceLabels.put(namespace.path("metadata").path("name").asText(), labels);
        }
    }

    /** The parts of a node that filters and scores read (not its heartbeats). */
    private static String fingerprint(JsonNode node) {
        JsonNode metadata = node.path("metadata");
        JsonNode status = node.path("status");
        String ready = "";
        for (JsonNode condition : status.path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                ready = condition.path("status").asText();
            }
        }
        return metadata.path("labels") + "|" + metadata.path("annotations").path(NodeInfo.AVOID_PODS) + "|"
                + node.path("spec").path("taints") + "|" + node.path("spec").path("unschedulable") + "|"
                + status.path("allocatable") + "|" + ready + "|" + status.path("images");
    }

    List<PodInfo> pending() {
        return pending;
    }

    Snapshot snapshot() {
        return new Snapshot(nodes, namespaceLabels);
    }

    /** The events that happened between the previous view and this one. */
    Set<ClusterEvent> eventsSince(ClusterView previous) {
        Set<ClusterEvent> events = EnumSet.noneOf(ClusterEvent.class);
        nodeFingerprints.forEach((name, fingerprint) -> {
            String before = previous.nodeFingerprints.get(name);
            if (before == null) {
                events.add(ClusterEvent.NODE_ADDED);
            } else if (!before.equals(fingerprint)) {
                events.add(ClusterEvent.NODE_CHANGED);
            }
        });
        boundPods.forEach((uid, labels) -> {
            Map<String, String> before = previous.boundPods.get(uid);
            if (before == null) {
                events.add(ClusterEvent.ASSIGNED_POD_ADDED);
            } else if (!before.equals(labels)) {
                events.add(ClusterEvent.ASSIGNED_POD_CHANGED);
            }
        });
        if (!boundPods.keySet().containsAll(previous.boundPods.keySet())) {
            events.add(ClusterEvent.ASSIGNED_POD_DELETED);
        }
        if (!namespaceLabels.equals(previous.namespaceLabels)) {
            events.add(ClusterEvent.NAMESPACE_CHANGED);
        }
        return events;
    }
}

package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.nodes.Toleration;

/**
 * A pod as the scheduler reads it, parsed once when it is read from the grid: what it asks, where it may go and
 * what it says about other pods. Immutable.
 *
 * @param json             the pod as read (its uid and resourceVersion are the bind's preconditions)
 * @param requests         what it asks, for fit ({@link PodRequests#of})
 * @param nonZeroRequests  what it asks with defaults for what it does not, for scores
 * @param requiredAffinity {@code requiredDuringSchedulingIgnoredDuringExecution} node selector terms, or
 *                         {@code null} for none (then any node)
 * @param terminating      whether it carries a deletionTimestamp (spread constraints do not count it)
 */
public record PodInfo(JsonNode json, String namespace, String name, String uid, Map<String, String> labels,
        String schedulerName, int priority, String nodeName, Resources requests, Resources nonZeroRequests,
        List<HostPort> hostPorts, List<Toleration> tolerations, Map<String, String> nodeSelector,
        List<NodeSelectorTerm> requiredAffinity, List<WeightedNodeTerm> preferredAffinity,
        List<PodAffinityTerm> requiredPodAffinity, List<PodAffinityTerm> preferredPodAffinity,
        List<PodAffinityTerm> requiredPodAntiAffinity, List<PodAffinityTerm> preferredPodAntiAffinity,
        List<SpreadConstraint> spreadConstraints, List<String> images, boolean terminating) {

    public static final String DEFAULT_SCHEDULER = "default-scheduler";

    /** A preferred node selector term and its weight. */
    public record WeightedNodeTerm(int weight, NodeSelectorTerm term) {
    }

    public static PodInfo of(JsonNode pod) {
        JsonNode metadata = pod.path("metadata");
        JsonNode spec = pod.path("spec");
        String ns = metadata.path("namespace").asText("");
        JsonNode nodeAffinity = spec.path("affinity").path("nodeAffinity");
        JsonNode required = nodeAffinity.path("requiredDuringSchedulingIgnoredDuringExecution");
        List<NodeSelectorTerm> requiredTerms = required.isObject()
                ? terms(required.path("nodeSelectorTerms")) : null;
        List<WeightedNodeTerm> preferred = new ArrayList<>();
        for (JsonNode term : nodeAffinity.path("preferredDuringSchedulingIgnoredDuringExecution")) {
            preferred.add(new WeightedNodeTerm(term.path("weight").asInt(),
                    NodeSelectorTerm.of(term.path("preference"))));
        }
        JsonNode affinity = spec.path("affinity").path("podAffinity");
        JsonNode anti = spec.path("affinity").path("podAntiAffinity");
        List<SpreadConstraint> spread = new ArrayList<>();
        spec.path("topologySpreadConstraints").forEach(constraint -> spread.add(SpreadConstraint.of(constraint)));
        List<String> images = new ArrayList<>();
        spec.path("containers").forEach(container -> images.add(container.path("image").asText()));
        return new PodInfo(pod, ns, metadata.path("name").asText(), metadata.path("uid").asText(),
                Json.map(metadata.path("labels")), spec.path("schedulerName").asText(DEFAULT_SCHEDULER),
                spec.path("priority").asInt(0), spec.path("nodeName").asText(""), PodRequests.of(pod),
                PodRequests.nonZero(pod), HostPort.of(pod), Toleration.ofPod(pod), Json.map(spec.path("nodeSelector")),
                requiredTerms, preferred,
                PodAffinityTerm.required(affinity.path("requiredDuringSchedulingIgnoredDuringExecution"), ns),
                PodAffinityTerm.preferred(affinity.path("preferredDuringSchedulingIgnoredDuringExecution"), ns),
                PodAffinityTerm.required(anti.path("requiredDuringSchedulingIgnoredDuringExecution"), ns),
                PodAffinityTerm.preferred(anti.path("preferredDuringSchedulingIgnoredDuringExecution"), ns),
                spread, images, metadata.has("deletionTimestamp"));
    }

    private static List<NodeSelectorTerm> terms(JsonNode terms) {
        List<NodeSelectorTerm> parsed = new ArrayList<>();
        terms.forEach(term -> parsed.add(NodeSelectorTerm.of(term)));
        return parsed;
    }

    public String resourceVersion() {
        return json.path("metadata").path("resourceVersion").asText("");
    }

    public String key() {
        return namespace + "/" + name;
    }

    /** Whether the pod has any pod affinity or anti-affinity term, required or preferred. */
    public boolean hasPodAffinity() {
        return !requiredPodAffinity.isEmpty() || !preferredPodAffinity.isEmpty()
                || !requiredPodAntiAffinity.isEmpty() || !preferredPodAntiAffinity.isEmpty();
    }

    /** The uid of the controller that owns the pod (its ReplicaSet, Job …), or empty. */
    public String controllerUid() {
        for (JsonNode owner : json.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return owner.path("uid").asText("");
            }
        }
        return "";
    }

    /** Whether the pod's node selector and required node affinity both admit the node. */
    public boolean admits(String nodeName, Map<String, String> nodeLabels) {
        for (Map.Entry<String, String> entry : nodeSelector.entrySet()) {
            if (!entry.getValue().equals(nodeLabels.get(entry.getKey()))) {
                return false;
            }
        }
        return requiredAffinity == null
                || requiredAffinity.stream().anyMatch(term -> term.matches(nodeName, nodeLabels));
    }
}

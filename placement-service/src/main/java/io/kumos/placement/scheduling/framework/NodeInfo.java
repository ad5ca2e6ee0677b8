package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.Quantities;
import io.kumos.grid.nodes.Taint;

/**
 * A node and the pods on it, as the scheduler sees them in one pass: what the node offers (allocatable, labels,
 * taints) and what its pods already take (requests, host ports). Pods the scheduler binds in the pass are added to
 * it at once ({@link #add}), as kube-scheduler's assumed pods. Changed by the scheduler's thread only, between
 * scheduling cycles; read by the filter threads.
 */
public final class NodeInfo {

    /** The annotation by which a node asks that a controller's pods go elsewhere (health-service writes it). */
    public static final String AVOID_PODS = "scheduler.alpha.kubernetes.io/preferAvoidPods";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_MAX_PODS = 110;

    private final JsonNode node;
    private final String name;
    private final Map<String, String> labels;
    private final Resources allocatable;
    private final long allowedPods;
    private final boolean ready;
    private final boolean unschedulable;
    private final List<Taint> taints = new ArrayList<>();
    private final Set<String> avoidedControllers;
    private final Map<String, Long> imageSizes = new HashMap<>();
    private final List<PodInfo> pods = new ArrayList<>();
    private final List<PodInfo> podsWithAffinity = new ArrayList<>();
    private final List<PodInfo> podsWithRequiredAntiAffinity = new ArrayList<>();
    // Read-only views made once: the plugins ask for them for every node of every cycle.
    private final List<PodInfo> podsView = Collections.unmodifiableList(pods);
    private final List<PodInfo> podsWithAffinityView = Collections.unmodifiableList(podsWithAffinity);
    private final List<PodInfo> podsWithRequiredAntiAffinityView = Collections.unmodifiableList(podsWithRequiredAntiAffinity);
    /** How many of its pods that are not terminating carry each label: by namespace, label key, label value. */
    private final Map<String, Map<String, Map<String, Integer>>> labelCounts = new HashMap<>();
    private final List<PodInfo> terminating = new ArrayList<>();
    private Resources requested = Resources.NONE;
    private Resources nonZeroRequested = Resources.NONE;

    public NodeInfo(JsonNode node) {
        this.node = node;
        this.name = node.path("metadata").path("name").asText();
        this.labels = Json.map(node.path("metadata").path("labels"));
        JsonNode status = node.path("status");
        this.allocatable = Resources.of(status.path("allocatable"));
        this.allowedPods = status.path("allocatable").has("pods")
                ? Quantities.parse(status.path("allocatable").path("pods").asText()).longValue() : DEFAULT_MAX_PODS;
        node.path("spec").path("taints").forEach(taint -> taints.add(Taint.of(taint)));
        this.avoidedControllers = avoidedControllers(node);
        this.ready = ready(status);
        this.unschedulable = node.path("spec").path("unschedulable").asBoolean(false);
        for (JsonNode image : status.path("images")) {
            for (JsonNode imageName : image.path("names")) {
                imageSizes.put(ImageNames.normalized(imageName.asText()), image.path("sizeBytes").asLong());
            }
        }
    }

    public String name() {
        return name;
    }

    public JsonNode json() {
        return node;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Resources allocatable() {
        return allocatable;
    }

    public long allowedPods() {
        return allowedPods;
    }

    public List<Taint> taints() {
        return taints;
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    /** Whether the node's Ready condition is True. */
    public boolean ready() {
        return ready;
    }

    private static boolean ready(JsonNode status) {
        for (JsonNode condition : status.path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText());
            }
        }
        return false;
    }

    /** Whether the node asks that the pods of this controller (by uid) go elsewhere. */
    public boolean avoids(String controllerUid) {
        return !controllerUid.isEmpty() && avoidedControllers.contains(controllerUid);
    }

    /** The size in bytes of the image the node holds under this (normalised) name, or 0. */
    public long imageSize(String normalizedImage) {
        return imageSizes.getOrDefault(normalizedImage, 0L);
    }

    public Set<String> images() {
        return imageSizes.keySet();
    }

    public List<PodInfo> pods() {
        return podsView;
    }

    /** Its pods that have pod affinity or anti-affinity terms (so that a cycle need not walk the others). */
    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinityView;
    }

    /** Its pods that have required anti-affinity terms. */
    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinityView;
    }

    /** The sum of its pods' requests. */
    public Resources requested() {
        return requested;
    }

    /** The sum of its pods' requests with the scoring defaults for what they do not ask. */
    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    /**
     * Puts a pod on the node. A node of a {@link Snapshot} that a cycle has used gets its pods through
     * {@link Snapshot#assume}, which keeps the snapshot's index current too.
     */
    public void add(PodInfo pod) {
        pods.add(pod);
        if (pod.hasPodAffinity()) {
            podsWithAffinity.add(pod);
        }
        if (!pod.requiredPodAntiAffinity().isEmpty()) {
            podsWithRequiredAntiAffinity.add(pod);
        }
        requested = requested.plus(pod.requests());
        nonZeroRequested = nonZeroRequested.plus(pod.nonZeroRequests());
        if (pod.terminating()) {
            terminating.add(pod);
            return;
        }
        Map<String, Map<String, Integer>> byKey = labelCounts.computeIfAbsent(pod.namespace(), ns -> new HashMap<>());
        pod.labels().forEach((key, value) -> byKey.computeIfAbsent(key, k -> new HashMap<>()).merge(value, 1, Integer::sum));
    }

    /**
     * How many of its pods in {@code namespace} the selector selects, the terminating ones too if asked. A selector
     * of one label (the usual) is a lookup, so that a cycle's cost follows the nodes, not every pod on them; any
     * other walks the pods.
     */
    public int count(String namespace, LabelSelector selector, boolean withTerminating) {
        LabelSelector.Requirement label = selector.singleLabel();
        if (label == null) {
            int count = 0;
            for (PodInfo pod : pods) {
                if ((withTerminating || !pod.terminating()) && pod.namespace().equals(namespace)
                        && selector.matches(pod.labels())) {
                    count++;
                }
            }
            return count;
        }
        int count = labelCounts.getOrDefault(namespace, Map.of()).getOrDefault(label.key(), Map.of())
                .getOrDefault(label.values().get(0), 0);
        if (withTerminating) {
            for (PodInfo pod : terminating) {
                if (pod.namespace().equals(namespace) && selector.matches(pod.labels())) {
                    count++;
                }
            }
        }
        return count;
    }

    /** A copy without the given pods (what preemption would leave). */
    public NodeInfo without(Set<String> podUids) {
        NodeInfo copy = new NodeInfo(node);
        pods.stream().filter(pod -> !podUids.contains(pod.uid())).forEach(copy::add);
        return copy;
    }

    private static Set<String> avoidedControllers(JsonNode node) {
        String annotation = node.path("metadata").path("annotations").path(AVOID_PODS).asText("");
        Set<String> controllers = new HashSet<>();
        if (annotation.isEmpty()) {
            return controllers;
        }
        try {
            for (JsonNode entry : JSON.readTree(annotation).path("preferAvoidPods")) {
                controllers.add(entry.path("podSignature").path("podController").path("uid").asText());
            }
        } catch (JsonProcessingException e) {
            // An unreadable annotation asks nothing.
        }
        controllers.remove("");
        return controllers;
    }
}

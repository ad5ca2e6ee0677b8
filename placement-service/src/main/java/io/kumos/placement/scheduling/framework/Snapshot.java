package io.kumos.placement.scheduling.framework;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one scheduling pass sees it: the nodes with their pods, and the namespaces' labels (for affinity
 * terms' namespaceSelector). The node list's order is the order nodes are tried in.
 */
public final class Snapshot {

    private final List<NodeInfo> nodes;
    private final Map<String, NodeInfo> byName = new HashMap<>();
    private final Map<String, Map<String, String>> namespaceLabels;
    private Map<String, Integer> imageHolders;
    private PlacedIndex placed;
    private final Map<Object, Object> memos = new HashMap<>();

    public Snapshot(List<NodeInfo> nodes, Map<String, Map<String, String>> namespaceLabels) {
        this.nodes = List.copyOf(nodes);
        this.namespaceLabels = Map.copyOf(namespaceLabels);
        nodes.forEach(node -> byName.put(node.name(), node));
    }

    public List<NodeInfo> nodes() {
        return nodes;
    }

    public NodeInfo node(String name) {
        return byName.get(name);
    }

    public Map<String, Map<String, String>> namespaceLabels() {
        return namespaceLabels;
    }

    /**
     * The index of the placed pods' labels and affinity terms, built on first use and kept current by
     * {@link #assume}: once a cycle has read it, pods are added to the snapshot's nodes through the snapshot.
     */
    public PlacedIndex placed() {
        if (placed == null) {
            placed = new PlacedIndex();
            for (NodeInfo node : nodes) {
                node.pods().forEach(pod -> placed.add(node, pod));
            }
        }
        return placed;
    }

    /** Puts the pod on the named node for the rest of the pass (kube-scheduler's assumed pod). */
    public void assume(String nodeName, PodInfo pod) {
        NodeInfo node = byName.get(nodeName);
        node.add(pod);
        if (placed != null) {
            placed.add(node, pod);
        }
    }

    /**
     * What a plugin computed from the nodes alone (not their pods) for a key, computed once per snapshot: the
     * nodes do not change within it, and pods of one template ask the same questions of them.
     */
    @SuppressWarnings("unchecked")
    public <V> V memo(Object key, java.util.function.Function<Object, V> compute) {
        return (V) memos.computeIfAbsent(key, compute);
    }

    /** How many nodes hold this (normalised) image; counted once per snapshot, on first use. */
    public int nodesWithImage(String normalizedImage) {
        if (imageHolders == null) {
            imageHolders = new HashMap<>();
            nodes.forEach(node -> node.images().forEach(image -> imageHolders.merge(image, 1, Integer::sum)));
        }
        return imageHolders.getOrDefault(normalizedImage, 0);
    }
}

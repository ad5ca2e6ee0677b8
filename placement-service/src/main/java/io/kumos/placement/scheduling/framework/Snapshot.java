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

    /** How many nodes hold this (normalised) image; counted once per snapshot, on first use. */
    public int nodesWithImage(String normalizedImage) {
        if (imageHolders == null) {
            imageHolders = new HashMap<>();
            nodes.forEach(node -> node.images().forEach(image -> imageHolders.merge(image, 1, Integer::sum)));
        }
        return imageHolders.getOrDefault(normalizedImage, 0);
    }
}

package io.kumos.placement.scheduling.framework;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the placed pods of a snapshot offer the affinity plugins without a walk of every node: the nodes that hold
 * pods carrying each label (by namespace, key, value), and each distinct pod-affinity term of the placed pods with
 * the nodes its pods are on and how many. Pods of one app share their terms, so a cycle looks at a few distinct
 * terms instead of every pod. Built by the {@link Snapshot} on first use and kept current as pods are added.
 */
public final class PlacedIndex {

    /** The kinds of placed pods' terms that say something about a pod to be placed. */
    public enum Kind {
        REQUIRED_AFFINITY, PREFERRED_AFFINITY, PREFERRED_ANTI_AFFINITY, REQUIRED_ANTI_AFFINITY
    }

    private final Map<String, Map<String, Map<String, Set<NodeInfo>>>> nodesByLabel = new HashMap<>();
    private final Map<Kind, Map<PodAffinityTerm, Map<NodeInfo, Integer>>> terms = new EnumMap<>(Kind.class);

    PlacedIndex() {
        for (Kind kind : Kind.values()) {
            terms.put(kind, new HashMap<>());
        }
    }

    void add(NodeInfo node, PodInfo pod) {
        Map<String, Map<String, Set<NodeInfo>>> byKey = nodesByLabel.computeIfAbsent(pod.namespace(), ns -> new HashMap<>());
        pod.labels().forEach((key, value) -> byKey.computeIfAbsent(key, k -> new HashMap<>())
                .computeIfAbsent(value, v -> new java.util.HashSet<>()).add(node));
        count(Kind.REQUIRED_AFFINITY, pod.requiredPodAffinity(), node);
        count(Kind.PREFERRED_AFFINITY, pod.preferredPodAffinity(), node);
        count(Kind.PREFERRED_ANTI_AFFINITY, pod.preferredPodAntiAffinity(), node);
        count(Kind.REQUIRED_ANTI_AFFINITY, pod.requiredPodAntiAffinity(), node);
    }

    private void count(Kind kind, Collection<PodAffinityTerm> podTerms, NodeInfo node) {
        for (PodAffinityTerm term : podTerms) {
            terms.get(kind).computeIfAbsent(term, t -> new HashMap<>()).merge(node, 1, Integer::sum);
        }
    }

    /** Each distinct term of this kind that placed pods carry, with the nodes of those pods and how many. */
    public Map<PodAffinityTerm, Map<NodeInfo, Integer>> terms(Kind kind) {
        return terms.get(kind);
    }

    /** Whether any placed pod has a pod-affinity or anti-affinity term. */
    public boolean anyTerm() {
        return terms.values().stream().anyMatch(byTerm -> !byTerm.isEmpty());
    }

    /**
     * The nodes that may hold pods the term selects: for a term of one label in listed namespaces (the usual),
     * those holding a pod with that label there; for any other, every node.
     */
    public Collection<NodeInfo> candidates(PodAffinityTerm term, Collection<NodeInfo> every) {
        if (!term.namespaceSelector().nothing()) {
            return every;
        }
        if (term.namespaces().size() == 1) {
            return candidates(term.namespaces().iterator().next(), term.selector(), every);
        }
        Set<NodeInfo> nodes = new java.util.HashSet<>();
        for (String namespace : term.namespaces()) {
            Collection<NodeInfo> holding = candidates(namespace, term.selector(), every);
            if (holding == every) {
                return every;
            }
            nodes.addAll(holding);
        }
        return nodes;
    }

    /**
     * The nodes that may hold pods of the namespace the selector selects: for a selector of one label, those
     * holding a pod with that label there; for any other, every node.
     */
    public Collection<NodeInfo> candidates(String namespace, LabelSelector selector, Collection<NodeInfo> every) {
        LabelSelector.Requirement label = selector.singleLabel();
        if (label == null) {
            return every;
        }
        return nodesByLabel.getOrDefault(namespace, Map.of()).getOrDefault(label.key(), Map.of())
                .getOrDefault(label.values().get(0), Set.of());
    }
}

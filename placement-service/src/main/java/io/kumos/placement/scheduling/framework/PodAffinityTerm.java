package io.kumos.placement.scheduling.framework;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pod (anti-)affinity term: the pods its {@code labelSelector} selects in its namespaces, counted by the
 * {@code topologyKey} value of their nodes. The namespaces are those listed plus those the
 * {@code namespaceSelector} selects ({@code {}}: all); with neither, the namespace of the pod the term belongs to.
 *
 * @param weight the weight of a preferred term (1–100); 0 for a required one
 */
public record PodAffinityTerm(LabelSelector selector, Set<String> namespaces, LabelSelector namespaceSelector,
        String topologyKey, int weight) {

    /** A required term ({@code weight} 0) or the {@code podAffinityTerm} of a preferred one, of a pod in {@code ns}. */
    public static PodAffinityTerm of(JsonNode term, String ns, int weight) {
        Set<String> namespaces = Set.copyOf(Json.strings(term.path("namespaces")));
        JsonNode namespaceSelector = term.get("namespaceSelector");
        if (namespaces.isEmpty() && (namespaceSelector == null || namespaceSelector.isNull())) {
            namespaces = Set.of(ns);
        }
        return new PodAffinityTerm(LabelSelector.of(term.get("labelSelector")), namespaces,
                LabelSelector.of(namespaceSelector), term.path("topologyKey").asText(), weight);
    }

    /** Whether the term selects the pod; {@code namespaceLabels} holds each namespace's labels. */
    public boolean selects(PodInfo pod, Map<String, Map<String, String>> namespaceLabels) {
        boolean inNamespace = namespaces.contains(pod.namespace()) || !namespaceSelector.nothing()
                && namespaceSelector.matches(namespaceLabels.getOrDefault(pod.namespace(), Map.of()));
        return inNamespace && selector.matches(pod.labels());
    }

    /** How many of the node's pods the term selects (terminating ones too, as upstream counts them). */
    public int count(NodeInfo node, Map<String, Map<String, String>> namespaceLabels) {
        if (!namespaceSelector.nothing()) {
            int count = 0;
            for (PodInfo pod : node.pods()) {
                if (selects(pod, namespaceLabels)) {
                    count++;
                }
            }
            return count;
        }
        int count = 0;
        for (String namespace : namespaces) {
            count += node.count(namespace, selector, true);
        }
        return count;
    }

    static List<PodAffinityTerm> required(JsonNode terms, String ns) {
        return java.util.stream.StreamSupport.stream(terms.spliterator(), false)
                .map(term -> of(term, ns, 0)).toList();
    }

    static List<PodAffinityTerm> preferred(JsonNode terms, String ns) {
        return java.util.stream.StreamSupport.stream(terms.spliterator(), false)
                .map(term -> of(term.path("podAffinityTerm"), ns, term.path("weight").asInt())).toList();
    }
}

package io.kumos.placement.workloads;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.ProjectedObjects;

/**
 * The workload objects of the cluster as one pass sees them: Deployments, ReplicaSets, pods, Jobs and CronJobs,
 * by kind and namespace, read from the informers of the grid's projection (nothing is read from the grid).
 */
public final class Cluster {

    private final Map<Kind, Map<String, List<JsonNode>>> objects = new EnumMap<>(Kind.class);

    private Cluster() {
    }

    /**
     * Reads the informers of every kind (started on the first read).
     *
     * @throws ProjectedObjects.IncompleteProjectionException while the projection is being rebuilt, or an
     *         informer has not listed it yet
     * @throws io.kumos.grid.informers.GridUnavailableException while the grid does not answer
     */
    public static Cluster read(SharedInformers informers) {
        Cluster cluster = new Cluster();
        for (Kind kind : Kind.values()) {
            informers.informer(kind.gridResource()).current().list().forEach(object -> cluster.add(kind, object));
        }
        return cluster;
    }

    /** A cluster of these objects (each tells its kind), as tests and fakes describe one. */
    public static Cluster of(List<JsonNode> objects) {
        Cluster cluster = new Cluster();
        objects.forEach(object -> cluster.add(Kind.of(object.path("kind").asText()), object));
        return cluster;
    }

    private void add(Kind kind, JsonNode object) {
        objects.computeIfAbsent(kind, k -> new HashMap<>())
                .computeIfAbsent(Metadata.namespace(object), ns -> new ArrayList<>()).add(object);
    }

    /** Every object of the kind. */
    public List<JsonNode> all(Kind kind) {
        List<JsonNode> all = new ArrayList<>();
        objects.getOrDefault(kind, Map.of()).values().forEach(all::addAll);
        return all;
    }

    /** The objects of the kind in one namespace. */
    public List<JsonNode> in(Kind kind, String namespace) {
        return objects.getOrDefault(kind, Map.of()).getOrDefault(namespace, List.of());
    }
}

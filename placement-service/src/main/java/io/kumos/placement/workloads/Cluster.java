package io.kumos.placement.workloads;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.infinispan.client.hotrod.RemoteCacheManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ProjectedObjects;

/**
 * The workload objects of the cluster as one pass sees them: Deployments, ReplicaSets, pods, Jobs and CronJobs,
 * by kind and namespace, read from the grid's projection in one walk.
 */
public final class Cluster {

    /** The resources the controllers read, as the projection names them. */
    public static final Set<String> RESOURCES = java.util.Arrays.stream(Kind.values()).map(Kind::gridResource)
            .collect(Collectors.toUnmodifiableSet());

    private final Map<Kind, Map<String, List<JsonNode>>> objects = new EnumMap<>(Kind.class);

    private Cluster() {
    }

    /**
     * Reads the projection. Blocking (Hot Rod).
     *
     * @throws ProjectedObjects.IncompleteProjectionException while the projection is being rebuilt
     */
    public static Cluster read(RemoteCacheManager grid, ObjectMapper json) {
        Cluster cluster = new Cluster();
        for (GridObject object : ProjectedObjects.live(grid, RESOURCES)) {
            try {
                cluster.add(Kind.ofGridResource(object.resource()), json.readTree(object.json()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the grid holds an object that is not JSON: " + object.key(), e);
            }
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

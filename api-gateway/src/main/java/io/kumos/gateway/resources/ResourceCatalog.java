package io.kumos.gateway.resources;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every resource the gateway serves: the single list that discovery, OpenAPI, routing and printing read.
 * Resources are added here as the API grows.
 */
@ApplicationScoped
public class ResourceCatalog {

    private static final List<ResourceType> TYPES = List.of(
            new ResourceType("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(),
                    Set.of("status.phase")),
            new ResourceType("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(),
                    Set.of()),
            new ResourceType("", "v1", "secrets", "secret", "Secret", true, List.of(), List.of(), Set.of("type")),
            new ResourceType("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"),
                    List.of(), Set.of()),
            new ResourceType("", "v1", "events", "event", "Event", true, List.of("ev"), List.of(),
                    Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                            "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                            "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type")));

    public List<ResourceType> all() {
        return TYPES;
    }

    /** The resources of one group-version ({@code ""} for core). */
    public List<ResourceType> of(String group, String version) {
        return TYPES.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return of(group, version).stream().filter(t -> t.plural().equals(plural)).findFirst();
    }

    /** The named groups (not core) with their versions, preferred version first. */
    public List<String> groups() {
        return TYPES.stream().map(ResourceType::group).filter(g -> !g.isEmpty()).distinct().toList();
    }
}

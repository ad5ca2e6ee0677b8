package io.kumos.gateway.discovery;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.resources.ResourceType.Subresource;

/**
 * The discovery documents, built from the {@link ResourceCatalog}: the legacy ones ({@code /api}, {@code /apis},
 * {@code /api/v1}, {@code /apis/<g>/<v>}) and the aggregated {@code APIGroupDiscoveryList} of
 * {@code apidiscovery.k8s.io} (v2 and v2beta1 share one shape), which saves kubectl a request per group-version.
 */
@ApplicationScoped
public class DiscoveryDocuments {

    private final ResourceCatalog catalog;
    private final ObjectMapper json;

    DiscoveryDocuments(ResourceCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    public APIVersions coreVersions(String serverAddress) {
        return new APIVersionsBuilder().withVersions("v1")
                .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress).build();
    }

    public APIGroupList groups() {
        List<APIGroup> groups = catalog.groups().stream().map(group -> {
            List<GroupVersionForDiscovery> versions = catalog.versions(group).stream()
                    .map(version -> new GroupVersionForDiscovery(group + "/" + version, version)).toList();
            return new APIGroupBuilder().withName(group).withVersions(versions)
                    .withPreferredVersion(versions.get(0)).build();
        }).toList();
        return new APIGroupListBuilder().withGroups(groups).build();
    }

    /** The resources of one group-version, each subresource an entry of its own; empty if it is not served. */
    public APIResourceList resources(String group, String version) {
        List<APIResource> resources = new ArrayList<>();
        for (ResourceType type : catalog.of(group, version)) {
            resources.add(new APIResourceBuilder()
                    .withName(type.plural())
                    .withSingularName(type.singular())
                    .withNamespaced(type.namespaced())
                    .withKind(type.kind())
                    .withVerbs(ResourceType.VERBS)
                    .withShortNames(type.shortNames())
                    .withCategories(type.categories())
                    .build());
            for (Subresource sub : type.subresources()) {
                APIResourceBuilder entry = new APIResourceBuilder()
                        .withName(type.plural() + "/" + sub.name())
                        .withSingularName("")
                        .withNamespaced(type.namespaced())
                        .withKind(sub.kind())
                        .withVerbs(sub.verbs());
                if (!sub.group().equals(group) || !sub.version().equals(version)) {
                    entry.withGroup(sub.group()).withVersion(sub.version());
                }
                resources.add(entry.build());
            }
        }
        return new APIResourceListBuilder().withGroupVersion(group.isEmpty() ? version : group + "/" + version)
                .withResources(resources).build();
    }

    /**
     * The aggregated document of {@code /api} ({@code core} true: the one unnamed group) or of {@code /apis}
     * (every named group), in the given apidiscovery version.
     */
    public ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode list = json.createObjectNode();
        list.put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        List<String> groups = core ? List.of("") : catalog.groups();
        for (String group : groups) {
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group);
            ArrayNode versions = item.putArray("versions");
            for (String version : catalog.versions(group)) {
                ObjectNode entry = versions.addObject().put("version", version).put("freshness", "Current");
                ArrayNode resources = entry.putArray("resources");
                catalog.of(group, version).forEach(type -> resources.add(aggregatedResource(type)));
            }
        }
        return list;
    }

    private ObjectNode aggregatedResource(ResourceType type) {
        ObjectNode resource = json.createObjectNode();
        resource.put("resource", type.plural());
        kind(resource.putObject("responseKind"), type.group(), type.version(), type.kind());
        resource.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
        resource.put("singularResource", type.singular());
        ResourceType.VERBS.forEach(resource.putArray("verbs")::add);
        if (!type.shortNames().isEmpty()) {
            type.shortNames().forEach(resource.putArray("shortNames")::add);
        }
        if (!type.categories().isEmpty()) {
            type.categories().forEach(resource.putArray("categories")::add);
        }
        if (!type.subresources().isEmpty()) {
            ArrayNode subresources = resource.putArray("subresources");
            for (Subresource sub : type.subresources()) {
                ObjectNode entry = subresources.addObject().put("subresource", sub.name());
                kind(entry.putObject("responseKind"), sub.group(), sub.version(), sub.kind());
                sub.verbs().forEach(entry.putArray("verbs")::add);
            }
        }
        return resource;
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group).put("version", version).put("kind", kind);
    }
}

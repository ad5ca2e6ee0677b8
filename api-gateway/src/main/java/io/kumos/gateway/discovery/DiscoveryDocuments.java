package io.kumos.gateway.discovery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

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

/**
 * The legacy discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<g>/<v>}), which
 * every kubectl from 1.27 to 1.33 accepts. They are built from the {@link ResourceCatalog}.
 */
@ApplicationScoped
public class DiscoveryDocuments {

    private final ResourceCatalog catalog;

    DiscoveryDocuments(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    public APIVersions coreVersions(String serverAddress) {
        return new APIVersionsBuilder().withVersions("v1")
                .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress).build();
    }

    public APIGroupList groups() {
        List<APIGroup> groups = catalog.groups().stream().map(group -> {
            List<GroupVersionForDiscovery> versions = catalog.all().stream()
                    .filter(type -> type.group().equals(group)).map(ResourceType::version).distinct()
                    .map(version -> new GroupVersionForDiscovery(group + "/" + version, version)).toList();
            return new APIGroupBuilder().withName(group).withVersions(versions)
                    .withPreferredVersion(versions.get(0)).build();
        }).toList();
        return new APIGroupListBuilder().withGroups(groups).build();
    }

    /** The resources of one group-version, or empty if it is not served. */
    public APIResourceList resources(String group, String version) {
        List<APIResource> resources = catalog.of(group, version).stream()
                .map(type -> new APIResourceBuilder()
                        .withName(type.plural())
                        .withSingularName(type.singular())
                        .withNamespaced(type.namespaced())
                        .withKind(type.kind())
                        .withVerbs(ResourceType.VERBS)
                        .withShortNames(type.shortNames())
                        .withCategories(type.categories())
                        .build())
                .toList();
        return new APIResourceListBuilder().withGroupVersion(group.isEmpty() ? version : group + "/" + version)
                .withResources(resources).build();
    }
}

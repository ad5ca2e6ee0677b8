package io.kumos.gateway.resources;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of API object the gateway serves, as discovery advertises it.
 *
 * @param group        API group, {@code ""} for the legacy core group
 * @param version      API version, e.g. {@code v1}
 * @param plural       the resource name in URLs, e.g. {@code configmaps}
 * @param singular     e.g. {@code configmap}
 * @param kind         e.g. {@code ConfigMap}
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   e.g. {@code cm}
 * @param categories   e.g. {@code all}
 * @param fieldLabels  the fields a field selector may name besides {@code metadata.name} and
 *                     {@code metadata.namespace}
 * @param subresources e.g. {@code status}, {@code scale}
 * @param model        the fabric8 class of the kind: the schema that strict field validation and OpenAPI read
 */
public record ResourceType(String group, String version, String plural, String singular, String kind,
        boolean namespaced, List<String> shortNames, List<String> categories, Set<String> fieldLabels,
        List<Subresource> subresources, Class<?> model) {

    /** The verbs every served resource supports. */
    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** {@code v1} for the core group, {@code group/version} otherwise, as in an object's {@code apiVersion}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /**
     * The name under which the record keeps these objects: {@code <group>/<plural>}, {@code core} for "". Every
     * version of a resource shares it.
     */
    public String recordName() {
        return (group.isEmpty() ? "core" : group) + "/" + plural;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** How messages name the resource: {@code pods}, {@code deployments.apps}. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public Optional<Subresource> subresource(String name) {
        return subresources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether {@code status} is a subresource: then the main resource ignores status and the other way round. */
    public boolean hasStatus() {
        return subresource(Subresource.STATUS).isPresent();
    }

    /**
     * One subresource: its name and what it takes and returns.
     *
     * @param name    e.g. {@code scale}
     * @param group   the group of its kind
     * @param version the version of its kind
     * @param kind    e.g. {@code Scale}
     * @param verbs   e.g. {@code get, patch, update}
     */
    public record Subresource(String name, String group, String version, String kind, List<String> verbs) {

        public static final String STATUS = "status";
        public static final String SCALE = "scale";
    }
}

package io.kumos.gateway.resources;

import java.util.List;
import java.util.Set;

/**
 * One kind of API object the gateway serves, as discovery advertises it.
 *
 * @param group      API group, {@code ""} for the legacy core group
 * @param version    API version, e.g. {@code v1}
 * @param plural     the resource name in URLs, e.g. {@code configmaps}
 * @param singular   e.g. {@code configmap}
 * @param kind       e.g. {@code ConfigMap}
 * @param namespaced whether objects live in a namespace
 * @param shortNames e.g. {@code cm}
 * @param categories e.g. {@code all}
 * @param fieldLabels the fields a field selector may name besides {@code metadata.name} and
 *                    {@code metadata.namespace}
 */
public record ResourceType(String group, String version, String plural, String singular, String kind,
        boolean namespaced, List<String> shortNames, List<String> categories, Set<String> fieldLabels) {

    /** The verbs every served resource supports. */
    public static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

    /** {@code v1} for the core group, {@code group/version} otherwise, as in an object's {@code apiVersion}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The name under which the record keeps these objects: {@code <group>/<plural>}, {@code core} for "". */
    public String recordName() {
        return (group.isEmpty() ? "core" : group) + "/" + plural;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}

package io.kumos.gateway.store;

import java.util.Objects;

/**
 * Where an object lives in the record.
 *
 * @param resource  {@code <group>/<plural>}, {@code core} for the legacy group: {@code core/configmaps}
 * @param namespace the namespace, {@code ""} for cluster-scoped objects
 * @param name      the object's name
 */
public record ObjectKey(String resource, String namespace, String name) {

    public ObjectKey {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return resource + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}

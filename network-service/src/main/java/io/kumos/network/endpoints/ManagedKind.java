package io.kumos.network.endpoints;

/** The kinds the endpoints controller writes: where the grid projects them, where the API serves them. */
public enum ManagedKind {

    ENDPOINTS("core/endpoints", "/api/v1/namespaces/%s/endpoints"),
    ENDPOINT_SLICES("discovery.k8s.io/endpointslices", "/apis/discovery.k8s.io/v1/namespaces/%s/endpointslices");

    private final String resource;
    private final String collection;

    ManagedKind(String resource, String collection) {
        this.resource = resource;
        this.collection = collection;
    }

    /** The projection's resource ({@code <group>/<plural>}), as in {@link io.kumos.grid.objects.GridObject}. */
    public String resource() {
        return resource;
    }

    /** The API path of the namespace's collection. */
    public String collection(String namespace) {
        return collection.formatted(namespace);
    }

    /** The API path of one object. */
    public String path(String namespace, String name) {
        return collection(namespace) + "/" + name;
    }
}

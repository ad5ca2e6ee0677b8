package io.kumos.network.endpoints;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.api.ApiClient;

/** The endpoints controller's writes through the api-gateway's Kubernetes API. Blocking. */
public final class ApiObjectWrites implements ObjectWrites {

    private final ApiClient api;

    public ApiObjectWrites(ApiClient api) {
        this.api = api;
    }

    @Override
    public void create(ManagedKind kind, String namespace, JsonNode object) {
        api.create(kind.collection(namespace), object);
    }

    @Override
    public void patch(ManagedKind kind, String namespace, String name, JsonNode mergePatch) {
        api.patch(kind.path(namespace, name), ApiClient.MERGE_PATCH, mergePatch);
    }

    @Override
    public void delete(ManagedKind kind, String namespace, String name) {
        api.delete(kind.path(namespace, name), null);
    }
}

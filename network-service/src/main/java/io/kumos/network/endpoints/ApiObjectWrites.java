package io.kumos.network.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    public void delete(ManagedKind kind, String namespace, String name, String uid, String resourceVersion) {
        if (uid.isEmpty() && resourceVersion.isEmpty()) {
            api.delete(kind.path(namespace, name), null);
            return;
        }
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("kind", "DeleteOptions")
                .put("apiVersion", "v1");
        ObjectNode preconditions = options.putObject("preconditions");
        if (!uid.isEmpty()) {
            preconditions.put("uid", uid);
        }
        if (!resourceVersion.isEmpty()) {
            preconditions.put("resourceVersion", resourceVersion);
        }
        api.delete(kind.path(namespace, name), options);
    }
}

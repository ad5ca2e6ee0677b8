package io.kumos.network.endpoints;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.api.ApiCallException;

/**
 * Where the endpoints controller's writes go: through the api-gateway ({@link ApiObjectWrites}), since components
 * write API objects only through it; a fake of the tests' in tests. Each method fails with an
 * {@link ApiCallException} carrying the API's status (409 for a create of an object that exists, 404 for a patch or
 * delete of one that does not, 0 for no answer).
 *
 * <p>Called from the controller's single thread; may block.
 */
public interface ObjectWrites {

    void create(ManagedKind kind, String namespace, JsonNode object);

    /**
     * Applies a JSON merge patch (RFC 7386): arrays are replaced whole, a null removes a field. A
     * {@code metadata.resourceVersion} in it is a precondition: 409 if the object is no longer at that version.
     */
    void patch(ManagedKind kind, String namespace, String name, JsonNode mergePatch);

    /**
     * Deletes the object, only if it is still the one with this uid and at this resourceVersion (409 otherwise);
     * an empty uid or resourceVersion is no precondition.
     */
    void delete(ManagedKind kind, String namespace, String name, String uid, String resourceVersion);
}

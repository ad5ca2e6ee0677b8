package io.kumos.grid.informers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One change of an informer's store, as its handlers hear of it.
 *
 * @param type   what happened
 * @param before the object as the store held it ({@code null} when added)
 * @param after  the object as the store holds it now ({@code null} when deleted)
 */
public record ObjectDelta(Type type, JsonNode before, JsonNode after) {

    public enum Type {
        ADDED, UPDATED, DELETED
    }

    static ObjectDelta added(JsonNode after) {
        return new ObjectDelta(Type.ADDED, null, after);
    }

    static ObjectDelta updated(JsonNode before, JsonNode after) {
        return new ObjectDelta(Type.UPDATED, before, after);
    }

    static ObjectDelta deleted(JsonNode before) {
        return new ObjectDelta(Type.DELETED, before, null);
    }
}

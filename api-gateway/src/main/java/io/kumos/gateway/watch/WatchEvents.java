package io.kumos.gateway.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The lines of a watch stream, shaped as {@code meta/v1 WatchEvent}. */
final class WatchEvents {

    private WatchEvents() {
    }

    static ObjectNode event(String type, JsonNode object) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", type);
        event.set("object", object);
        return event;
    }

    /** A BOOKMARK: the revision the watch has seen everything up to, in an object of the watched kind. */
    static ObjectNode bookmark(String apiVersion, String kind, long revision) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("kind", kind).put("apiVersion", apiVersion);
        object.putObject("metadata").put("resourceVersion", Long.toString(revision));
        return event("BOOKMARK", object);
    }

    /**
     * The BOOKMARK that ends a WatchList's initial events: annotated {@code k8s.io/initial-events-end: "true"}, at
     * the revision the initial objects were listed at. client-go's reflector waits for it before it trusts its
     * store as synced.
     */
    static ObjectNode initialEventsEnd(String apiVersion, String kind, long revision) {
        ObjectNode bookmark = bookmark(apiVersion, kind, revision);
        ((ObjectNode) bookmark.get("object").get("metadata")).putObject("annotations")
                .put("k8s.io/initial-events-end", "true");
        return bookmark;
    }
}

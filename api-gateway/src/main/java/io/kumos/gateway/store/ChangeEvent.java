package io.kumos.gateway.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One entry of the revision log: what a watch from an older revision replays. Every watch of a gateway sees the
 * same instance of a change, so it parses its body and renders its watch line once, for all of them.
 */
public final class ChangeEvent {

    private final long revision;
    private final String type;
    private final ObjectKey key;
    private final String body;
    private volatile JsonNode object;
    private volatile byte[] line;

    /**
     * @param revision the global revision of the change
     * @param type     {@code ADDED}, {@code MODIFIED} or {@code DELETED}, as in a Kubernetes watch event
     * @param key      the object changed
     * @param body     the object after the change (for DELETED, its last state at the deletion's revision)
     */
    public ChangeEvent(long revision, String type, ObjectKey key, String body) {
        this.revision = revision;
        this.type = Objects.requireNonNull(type, "type");
        this.key = Objects.requireNonNull(key, "key");
        this.body = Objects.requireNonNull(body, "body");
    }

    public long revision() {
        return revision;
    }

    public String type() {
        return type;
    }

    public ObjectKey key() {
        return key;
    }

    public String body() {
        return body;
    }

    /** The body parsed, once for all readers: shared, so never to be modified. */
    public JsonNode object(ObjectMapper json) {
        JsonNode parsed = object;
        if (parsed == null) {
            try {
                parsed = json.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the record holds invalid JSON at revision " + revision, e);
            }
            object = parsed;
        }
        return parsed;
    }

    /**
     * The line of a watch stream that carries this change's body as it is stored:
     * {@code {"type":<eventType>,"object":<body>}} and a newline. Rendered once for the change's own type.
     */
    public byte[] watchLine(String eventType) {
        if (!eventType.equals(type)) {
            return render(eventType);
        }
        byte[] rendered = line;
        if (rendered == null) {
            rendered = render(type);
            line = rendered;
        }
        return rendered;
    }

    private byte[] render(String eventType) {
        return ("{\"type\":\"" + eventType + "\",\"object\":" + body + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChangeEvent change && change.revision == revision && change.type.equals(type)
                && change.key.equals(key) && change.body.equals(body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(revision, type, key);
    }

    @Override
    public String toString() {
        return type + " " + key + " at " + revision;
    }
}

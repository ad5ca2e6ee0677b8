package io.kumos.gateway.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.store.ChangeEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One client's watch: the changes of one resource (in one namespace, or all), matching its selectors, written
 * to its connection as {@code {"type":…,"object":…}} lines, in revision order, each revision at most once.
 *
 * <p>While it replays the revision log from the client's resourceVersion, live changes wait in a buffer; once
 * the replay is written, the buffer is drained, skipping what the replay already sent. A client that cannot keep
 * up (its connection's write queue is full) is cut off, as kube-apiserver does; it re-lists and watches again.
 */
final class Watch {

    private final String resource;
    private final String namespace;
    private final Predicate<JsonNode> selected;
    private final Function<ChangeEvent, JsonNode> parse;
    private final Function<JsonNode, Buffer> encode;
    private final HttpServerResponse response;
    private final List<ChangeEvent> buffered = new ArrayList<>();
    private boolean replaying = true;
    private long lastSent;
    private boolean closed;
    /** The objects ("namespace/name") the client holds as matching; a change that leaves it is a DELETED. */
    private final Set<String> matching = new HashSet<>();
    /** Whether {@link #matching} is complete: the watch began with a list rather than at a resourceVersion. */
    private boolean listed;

    Watch(String resource, String namespace, Predicate<JsonNode> selected, Function<ChangeEvent, JsonNode> parse,
            Function<JsonNode, Buffer> encode, HttpServerResponse response, long from) {
        this.resource = resource;
        this.namespace = namespace;
        this.selected = selected;
        this.parse = parse;
        this.encode = encode;
        this.response = response;
        this.lastSent = from;
    }

    /** A live change from the feed. */
    synchronized void offer(ChangeEvent change) {
        if (replaying) {
            buffered.add(change);
        } else {
            send(change);
        }
    }

    /**
     * Ends the replay: writes the changes the log held past the client's resourceVersion, counts everything up to
     * {@code upTo} as sent, and lets live changes flow.
     */
    synchronized void replayed(List<ChangeEvent> changes, long upTo) {
        changes.forEach(this::send);
        lastSent = Math.max(lastSent, upTo);
        buffered.forEach(this::send);
        buffered.clear();
        replaying = false;
    }

    /** Writes the initial ADDED events of the objects the watch began by listing. */
    synchronized void listed(List<JsonNode> objects) {
        listed = true;
        for (JsonNode object : objects) {
            matching.add(name(object));
            write(WatchEvents.event("ADDED", object));
        }
    }

    /** Writes a line that is not a change (a BOOKMARK). */
    synchronized void write(JsonNode event) {
        if (closed) {
            return;
        }
        if (response.writeQueueFull()) {
            closed = true;
            response.reset();
            return;
        }
        response.write(encode.apply(event));
    }

    synchronized void close() {
        closed = true;
    }

    long lastSent() {
        return lastSent;
    }

    /**
     * Sends a change as the client should see it through its selectors: an object that comes to match is ADDED,
     * one that stops matching is DELETED, as kube-apiserver does. A watch begun at a resourceVersion does not
     * know what matched before it, so it cannot report an object leaving its selection that it never saw.
     */
    private void send(ChangeEvent change) {
        if (change.revision() <= lastSent || !change.key().resource().equals(resource)
                || (!namespace.isEmpty() && !change.key().namespace().equals(namespace))) {
            return;
        }
        lastSent = change.revision();
        JsonNode object = parse.apply(change);
        String name = change.key().namespace() + "/" + change.key().name();
        boolean matches = selected.test(object);
        boolean matched = matching.contains(name);
        if (change.type().equals("DELETED")) {
            if (matches || matched) {
                write(WatchEvents.event("DELETED", object));
            }
            matching.remove(name);
        } else if (matches) {
            String type = change.type().equals("MODIFIED") && listed && !matched ? "ADDED" : change.type();
            matching.add(name);
            write(WatchEvents.event(type, object));
        } else if (matched) {
            matching.remove(name);
            write(WatchEvents.event("DELETED", object));
        }
    }

    private static String name(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return metadata.path("namespace").asText("") + "/" + metadata.path("name").asText();
    }
}

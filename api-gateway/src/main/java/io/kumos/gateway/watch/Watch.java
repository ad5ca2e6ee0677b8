package io.kumos.gateway.watch;

import java.util.ArrayList;
import java.util.List;
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

    /** Writes a line that is not a change (an initial ADDED, a BOOKMARK). */
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

    private void send(ChangeEvent change) {
        if (change.revision() <= lastSent || !change.key().resource().equals(resource)
                || (!namespace.isEmpty() && !change.key().namespace().equals(namespace))) {
            return;
        }
        lastSent = change.revision();
        JsonNode object = parse.apply(change);
        if (selected.test(object)) {
            write(WatchEvents.event(change.type(), object));
        }
    }
}

package io.kumos.gateway.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.store.ChangeEvent;
import io.vertx.core.buffer.Buffer;

/**
 * One client's watch: the changes of one resource (in one namespace, or all), matching its selectors, written
 * to its connection ({@link WatchSink}) as {@code {"type":…,"object":…}} events, in revision order, each revision at
 * most once.
 *
 * <p>While it replays the revision log from the client's resourceVersion (page by page, each written whatever
 * the connection's queue, the next read only once it drained), live changes of its resource wait in a buffer;
 * once the replay is written, the buffer is drained, skipping what the replay already sent. A live client that
 * cannot keep up (its connection's write queue is full) is cut off, as kube-apiserver does; it re-lists and
 * watches again.
 */
final class Watch {

    /** How changes and other events become lines of the stream. */
    interface Lines {

        /** The object of a change as this watch serves it (its version); only read, never modified. */
        JsonNode served(ChangeEvent change);

        /** The line of a change sent as an event of {@code type}. */
        Buffer change(String type, ChangeEvent change);

        /** The line of any other event (an initial ADDED, a BOOKMARK, an ERROR). */
        Buffer event(JsonNode event);
    }

    private final String resource;
    private final String namespace;
    /** The label and field selectors; null when the watch has none, so a change need not be parsed. */
    private final Predicate<JsonNode> selected;
    private final Lines lines;
    private final WatchSink sink;
    private final List<ChangeEvent> buffered = new ArrayList<>();
    private boolean replaying = true;
    private long lastSent;
    private boolean closed;
    /** The objects ("namespace/name") the client holds as matching; a change that leaves it is a DELETED. */
    private final Set<String> matching = new HashSet<>();
    /** Whether {@link #matching} is complete: the watch began with a list rather than at a resourceVersion. */
    private boolean listed;

    Watch(String resource, String namespace, Predicate<JsonNode> selected, Lines lines,
            WatchSink sink, long from) {
        this.resource = resource;
        this.namespace = namespace;
        this.selected = selected;
        this.lines = lines;
        this.sink = sink;
        this.lastSent = from;
    }

    /** A live change from the feed. */
    synchronized void offer(ChangeEvent change) {
        if (!concerns(change)) {
            return;
        }
        if (replaying) {
            buffered.add(change);
        } else {
            send(change);
        }
    }

    /** Writes one page of the changes the log holds past the client's resourceVersion. */
    synchronized void replay(List<ChangeEvent> changes) {
        changes.forEach(this::send);
    }

    /** Ends the replay: counts everything up to {@code upTo} as sent, and lets live changes flow. */
    synchronized void replayed(long upTo) {
        lastSent = Math.max(lastSent, upTo);
        buffered.forEach(this::send);
        buffered.clear();
        replaying = false;
    }

    /** Whether the watch is still sending what came before its start (initial objects or a replay). */
    synchronized boolean replaying() {
        return replaying;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Writes the initial ADDED events of the objects the watch began by listing. */
    synchronized void listed(List<JsonNode> objects) {
        listed = true;
        for (JsonNode object : objects) {
            matching.add(name(object));
            write(lines.event(WatchEvents.event("ADDED", object)));
        }
    }

    /** Writes a line that is not a change (a BOOKMARK). */
    synchronized void write(JsonNode event) {
        write(lines.event(event));
    }

    private void write(Buffer line) {
        if (closed) {
            return;
        }
        if (!replaying && sink.writeQueueFull()) {
            closed = true;
            sink.cutOff();
            return;
        }
        sink.write(line);
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
        if (change.revision() <= lastSent || !concerns(change)) {
            return;
        }
        lastSent = change.revision();
        String name = change.key().namespace() + "/" + change.key().name();
        boolean matches = selected == null || selected.test(lines.served(change));
        boolean matched = matching.contains(name);
        if (change.type().equals("DELETED")) {
            if (matches || matched) {
                write(lines.change("DELETED", change));
            }
            matching.remove(name);
        } else if (matches) {
            String type = change.type().equals("MODIFIED") && listed && !matched ? "ADDED" : change.type();
            matching.add(name);
            write(lines.change(type, change));
        } else if (matched) {
            matching.remove(name);
            write(lines.change("DELETED", change));
        }
    }

    private boolean concerns(ChangeEvent change) {
        return change.key().resource().equals(resource)
                && (namespace.isEmpty() || change.key().namespace().equals(namespace));
    }

    private static String name(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return metadata.path("namespace").asText("") + "/" + metadata.path("name").asText();
    }
}

package io.kumos.e2e;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one shared informer's event handler saw of the ConfigMaps of a namespace: name to resourceVersion and the
 * {@code value} of their data, kept from its add, update and delete events alone, and how many of its updates
 * were resyncs (the same resourceVersion handed again).
 *
 * <p>Threading: the informer's handler thread writes, the test reads.
 */
final class Mirror {

    private final Map<String, String> entries = new ConcurrentHashMap<>();
    private final AtomicInteger resyncs = new AtomicInteger();

    /** The entry of a ConfigMap as a mirror and a fresh list both hold it. */
    static String entry(String resourceVersion, Map<String, String> data) {
        return resourceVersion + " " + (data == null ? null : data.get("value"));
    }

    void added(String name, String entry) {
        entries.put(name, entry);
    }

    void updated(String name, String oldResourceVersion, String newResourceVersion, String entry) {
        if (Objects.equals(oldResourceVersion, newResourceVersion)) {
            resyncs.incrementAndGet();
        }
        entries.put(name, entry);
    }

    void deleted(String name) {
        entries.remove(name);
    }

    Map<String, String> entries() {
        return Map.copyOf(entries);
    }

    int resyncs() {
        return resyncs.get();
    }
}

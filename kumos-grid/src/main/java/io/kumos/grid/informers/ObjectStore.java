package io.kumos.grid.informers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.objects.GridObject;

/**
 * An informer's local copy of its objects, parsed once per change and indexed ({@link Indexes}), as client-go's
 * thread-safe store with its indexers. It applies the grid's changes idempotently by revision, as the projection
 * writes them: an object is only replaced by a higher revision, and removed by a tombstone of a revision at least
 * its own, so a change heard twice, or late, cannot move it back.
 *
 * <p>Threading: one writer (the informer's thread), any number of readers. Reads return copies (of the lists; the
 * objects themselves are shared and must not be modified).
 */
public final class ObjectStore {

    private final ObjectMapper json;
    private final Map<String, Function<JsonNode, Collection<String>>> indexers;
    private final Map<String, Entry> entries = new HashMap<>();
    /** For each index, the keys of the objects under each value. */
    private final Map<String, Map<String, Set<String>>> indexes = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private record Entry(long revision, JsonNode object, Map<String, Collection<String>> indexed) {
    }

    ObjectStore(ObjectMapper json, Map<String, Function<JsonNode, Collection<String>>> indexers) {
        this.json = json;
        this.indexers = Map.copyOf(indexers);
        indexers.keySet().forEach(index -> indexes.put(index, new HashMap<>()));
    }

    /** A store with the {@link Indexes#standard() standard indexes}. */
    static ObjectStore standard(ObjectMapper json) {
        return new ObjectStore(json, Indexes.standard());
    }

    /**
     * Takes a change of the grid: a live object replaces an older revision of it, a tombstone removes it.
     *
     * @return what changed in the store, if anything did
     */
    Optional<ObjectDelta> apply(GridObject change) {
        lock.writeLock().lock();
        try {
            Entry current = entries.get(change.key());
            if (current != null && current.revision() >= change.revision()) {
                return Optional.empty();
            }
            if (change.deleted()) {
                return Optional.ofNullable(current).map(entry -> remove(change.key(), entry));
            }
            JsonNode object = parse(change);
            put(change.key(), change.revision(), object);
            return Optional.of(current == null ? ObjectDelta.added(object) : ObjectDelta.updated(current.object(),
                    object));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The entry left the grid (removed, or expired): the object goes, unless the store holds a revision newer than
     * the entry's last one.
     *
     * @param last the entry as it left, if the grid said ({@code null} if not)
     */
    Optional<ObjectDelta> left(String key, GridObject last) {
        lock.writeLock().lock();
        try {
            Entry current = entries.get(key);
            if (current == null || last != null && current.revision() > last.revision()) {
                return Optional.empty();
            }
            return Optional.of(remove(key, current));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A fresh listing: afterwards the store holds exactly these objects (tombstones among them are left out).
     * Objects at the revision the store holds are kept as they are.
     *
     * @return what changed in the store
     */
    List<ObjectDelta> replace(Collection<GridObject> listed) {
        lock.writeLock().lock();
        try {
            List<ObjectDelta> deltas = new ArrayList<>();
            Set<String> live = new HashSet<>();
            for (GridObject object : listed) {
                if (object.deleted()) {
                    continue;
                }
                live.add(object.key());
                Entry current = entries.get(object.key());
                if (current == null || current.revision() != object.revision()) {
                    JsonNode parsed = parse(object);
                    put(object.key(), object.revision(), parsed);
                    deltas.add(current == null ? ObjectDelta.added(parsed)
                            : ObjectDelta.updated(current.object(), parsed));
                }
            }
            for (String key : List.copyOf(entries.keySet())) {
                if (!live.contains(key)) {
                    deltas.add(remove(key, entries.get(key)));
                }
            }
            return deltas;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The object under this key ({@link GridObject#key}). */
    public Optional<JsonNode> get(String key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(entries.get(key)).map(Entry::object);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The revision held of the object under this key, or -1 if none. */
    public long revision(String key) {
        lock.readLock().lock();
        try {
            Entry entry = entries.get(key);
            return entry == null ? -1 : entry.revision();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every object held. */
    public List<JsonNode> list() {
        lock.readLock().lock();
        try {
            List<JsonNode> all = new ArrayList<>(entries.size());
            entries.values().forEach(entry -> all.add(entry.object()));
            return all;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The objects under a value of an index, e.g. {@code byIndex(Indexes.NODE_NAME, "node-1")}.
     *
     * @throws IllegalArgumentException for an index the store does not keep
     */
    public List<JsonNode> byIndex(String index, String value) {
        lock.readLock().lock();
        try {
            Map<String, Set<String>> byValue = indexes.get(index);
            if (byValue == null) {
                throw new IllegalArgumentException("no index " + index + "; the store keeps " + indexes.keySet());
            }
            List<JsonNode> found = new ArrayList<>();
            byValue.getOrDefault(value, Set.of()).forEach(key -> found.add(entries.get(key).object()));
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return entries.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void put(String key, long revision, JsonNode object) {
        Entry previous = entries.get(key);
        if (previous != null) {
            unindex(key, previous);
        }
        Map<String, Collection<String>> indexed = new HashMap<>();
        indexers.forEach((index, function) -> {
            Collection<String> values = function.apply(object);
            indexed.put(index, values);
            Map<String, Set<String>> byValue = indexes.get(index);
            values.forEach(value -> byValue.computeIfAbsent(value, v -> new HashSet<>()).add(key));
        });
        entries.put(key, new Entry(revision, object, indexed));
    }

    private ObjectDelta remove(String key, Entry entry) {
        entries.remove(key);
        unindex(key, entry);
        return ObjectDelta.deleted(entry.object());
    }

    private void unindex(String key, Entry entry) {
        entry.indexed().forEach((index, values) -> {
            Map<String, Set<String>> byValue = indexes.get(index);
            for (String value : values) {
                Set<String> keys = byValue.get(value);
                keys.remove(key);
                if (keys.isEmpty()) {
                    byValue.remove(value);
                }
            }
        });
    }

    private JsonNode parse(GridObject object) {
        try {
            return json.readTree(object.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the grid holds an object that is not JSON: " + object.key(), e);
        }
    }
}

package io.kumos.network.endpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.objects.GridObject;

/**
 * The api-gateway as the endpoints controller sees it, owned by the tests: it keeps the objects written (a merge
 * patch applied as RFC 7386 says) with a uid and a resourceVersion, answers 409 to a create of an object it has and
 * to a patch or delete whose preconditions (resourceVersion, uid) no longer hold, 404 to a patch or delete of one
 * it has not, records every call, and hands each object written to a projection (the grid in the ITs) as the real
 * gateway projects it.
 */
final class FakeApiGateway implements ObjectWrites {

    /** A call the controller made: {@code create}, {@code patch} or {@code delete}, on what, with what body. */
    record Call(String verb, String key, JsonNode body) {
    }

    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Consumer<GridObject> projection;
    private final AtomicLong revision = new AtomicLong(1_000_000);

    FakeApiGateway(Consumer<GridObject> projection) {
        this.projection = projection;
    }

    @Override
    public void create(ManagedKind kind, String namespace, JsonNode object) {
        String name = object.path("metadata").path("name").asText();
        calls.add(new Call("create", key(kind, namespace, name), object));
        ObjectNode stored = (ObjectNode) object.deepCopy();
        stored.with("metadata").put("uid", java.util.UUID.randomUUID().toString());
        if (objects.putIfAbsent(key(kind, namespace, name), stored) != null) {
            throw new ApiCallException(409, kind.resource() + " \"" + name + "\" already exists");
        }
        project(kind, namespace, name, false);
    }

    @Override
    public void patch(ManagedKind kind, String namespace, String name, JsonNode mergePatch) {
        calls.add(new Call("patch", key(kind, namespace, name), mergePatch));
        ObjectNode object = objects.get(key(kind, namespace, name));
        if (object == null) {
            throw new ApiCallException(404, kind.resource() + " \"" + name + "\" not found");
        }
        String precondition = mergePatch.path("metadata").path("resourceVersion").asText("");
        if (!precondition.isEmpty() && !precondition.equals(object.path("metadata").path("resourceVersion").asText())) {
            throw new ApiCallException(409, "Operation cannot be fulfilled on " + kind.resource() + " \"" + name
                    + "\": the object has been modified");
        }
        merge(object, mergePatch);
        project(kind, namespace, name, false);
    }

    @Override
    public void delete(ManagedKind kind, String namespace, String name, String uid, String resourceVersion) {
        calls.add(new Call("delete", key(kind, namespace, name), null));
        ObjectNode object = objects.get(key(kind, namespace, name));
        if (object == null) {
            throw new ApiCallException(404, kind.resource() + " \"" + name + "\" not found");
        }
        JsonNode metadata = object.path("metadata");
        if (!uid.isEmpty() && !uid.equals(metadata.path("uid").asText())
                || !resourceVersion.isEmpty() && !resourceVersion.equals(metadata.path("resourceVersion").asText())) {
            throw new ApiCallException(409, "Operation cannot be fulfilled on " + kind.resource() + " \"" + name
                    + "\": Precondition failed");
        }
        project(kind, namespace, name, true);
        objects.remove(key(kind, namespace, name));
    }

    /** Makes an object exist as if someone had written it before, unprojected. */
    void preload(ManagedKind kind, ObjectNode object) {
        JsonNode metadata = object.path("metadata");
        objects.put(key(kind, metadata.path("namespace").asText(), metadata.path("name").asText()), object);
    }

    JsonNode get(ManagedKind kind, String namespace, String name) {
        return objects.get(key(kind, namespace, name));
    }

    /** The stored objects of a kind in a namespace. */
    List<JsonNode> list(ManagedKind kind, String namespace) {
        String prefix = kind.resource() + "/" + namespace + "/";
        List<JsonNode> list = new ArrayList<>();
        objects.forEach((key, object) -> {
            if (key.startsWith(prefix)) {
                list.add(object);
            }
        });
        return list;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls about objects of that namespace. */
    List<Call> calls(String namespace) {
        return calls.stream().filter(call -> call.key().split("/")[2].equals(namespace)).toList();
    }

    void forgetCalls() {
        calls.clear();
    }

    private void project(ManagedKind kind, String namespace, String name, boolean deleted) {
        ObjectNode object = objects.get(key(kind, namespace, name));
        long next = revision.incrementAndGet();
        object.with("metadata").put("resourceVersion", Long.toString(next));
        projection.accept(new GridObject(kind.resource(), namespace, name, next, deleted, object.toString()));
    }

    private static String key(ManagedKind kind, String namespace, String name) {
        return kind.resource() + "/" + namespace + "/" + name;
    }

    /** RFC 7386: objects merge, null removes, anything else replaces. */
    static void merge(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.path(field.getKey()).isObject()) {
                merge((ObjectNode) target.get(field.getKey()), value);
            } else if (value.isObject()) {
                ObjectNode fresh = target.putObject(field.getKey());
                merge(fresh, value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }
}

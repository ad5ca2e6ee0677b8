package io.kumos.placement.workloads;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;

/**
 * An api-gateway in memory, with the rules the controllers rely on: names generated from generateName, 409 for a
 * duplicate name or a stale resourceVersion, merge patches of the object or of its status only, generation bumped
 * on a spec change, a Job's generated selector, graceful deletion of pods on a node, and garbage collection of
 * dependents by controller reference. Records Events.
 */
public final class FakeApi extends ApiClient {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();
    private final Supplier<Instant> clock;
    private final Random random = new Random(7);
    private long revision = 100;
    private int writes;

    public FakeApi(Supplier<Instant> clock) {
        super(URI.create("http://fake.invalid"), TestObjects.JSON, "test");
        this.clock = clock;
    }

    /** A route: kind, namespace, name (may be empty), whether the status subresource. */
    private record Route(Kind kind, String namespace, String name, boolean status) {

        String key() {
            return kind + "/" + namespace + "/" + name;
        }
    }

    private static Route route(String path) {
        String[] parts = path.split("/");
        int base = parts[1].equals("api") ? 3 : 4;
        String namespace = parts[base + 1];
        String plural = parts[base + 2];
        String name = parts.length > base + 3 ? parts[base + 3] : "";
        boolean status = parts.length > base + 4 && parts[base + 4].equals("status");
        for (Kind kind : Kind.values()) {
            if (kind.collection(namespace).endsWith("/" + plural)) {
                return new Route(kind, namespace, name, status);
            }
        }
        return new Route(null, namespace, name, status);
    }

    @Override
    public Optional<JsonNode> get(String path) {
        return Optional.ofNullable(objects.get(route(path).key())).map(JsonNode::deepCopy);
    }

    @Override
    public JsonNode create(String collection, JsonNode body) {
        writes++;
        if (collection.endsWith("/events")) {
            events.add(body.deepCopy());
            return body;
        }
        Route route = route(collection);
        ObjectNode object = (ObjectNode) body.deepCopy();
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            StringBuilder suffix = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            name = metadata.path("generateName").asText() + suffix;
            metadata.put("name", name);
        }
        Route key = new Route(route.kind(), route.namespace(), name, false);
        if (objects.containsKey(key.key())) {
            throw new ApiCallException(409, name + " already exists");
        }
        String uid = "uid-" + name + "-" + (++revision);
        metadata.put("uid", uid).put("namespace", route.namespace())
                .put("creationTimestamp", Metadata.format(clock.get()))
                .put("resourceVersion", Long.toString(++revision));
        if (route.kind() != Kind.POD) {
            metadata.put("generation", 1);
        }
        if (route.kind() == Kind.JOB) {
            jobDefaults(object, uid, name);
        }
        if (!object.has("status")) {
            object.putObject("status");
        }
        objects.put(key.key(), object);
        return object.deepCopy();
    }

    private static void jobDefaults(ObjectNode job, String uid, String name) {
        ObjectNode spec = (ObjectNode) job.get("spec");
        if (!spec.has("completions") && !spec.has("parallelism")) {
            spec.put("completions", 1);
        }
        if (!spec.has("parallelism")) {
            spec.put("parallelism", 1);
        }
        if (!spec.has("backoffLimit")) {
            spec.put("backoffLimit", 6);
        }
        spec.putObject("selector").putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
        ObjectNode template = spec.has("template") ? (ObjectNode) spec.get("template") : spec.putObject("template");
        ObjectNode metadata = template.has("metadata") ? (ObjectNode) template.get("metadata")
                : template.putObject("metadata");
        ObjectNode labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels")
                : metadata.putObject("labels");
        labels.put("batch.kubernetes.io/controller-uid", uid).put("batch.kubernetes.io/job-name", name);
    }

    @Override
    public JsonNode patch(String path, String contentType, JsonNode patch) {
        writes++;
        Route route = route(path);
        ObjectNode current = objects.get(route.key());
        if (current == null) {
            throw new ApiCallException(404, route.key() + " not found");
        }
        String precondition = patch.path("metadata").path("resourceVersion").asText("");
        if (!precondition.isEmpty() && !precondition.equals(Metadata.resourceVersion(current))) {
            throw new ApiCallException(409, route.key() + " was modified");
        }
        ObjectNode next = current.deepCopy();
        ObjectNode body = (ObjectNode) patch.deepCopy();
        ((ObjectNode) body.with("metadata")).remove("resourceVersion");
        if (route.status()) {
            next.set("status", merge(current.get("status"), body.path("status")));
        } else {
            body.remove("status");
            next = (ObjectNode) merge(current, body);
        }
        if (!next.path("spec").equals(current.path("spec")) && route.kind() != Kind.POD) {
            ((ObjectNode) next.get("metadata")).put("generation", Metadata.generation(current) + 1);
        }
        if (!next.equals(current)) {
            ((ObjectNode) next.get("metadata")).put("resourceVersion", Long.toString(++revision));
        }
        objects.put(route.key(), next);
        return next.deepCopy();
    }

    /** RFC 7386. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : TestObjects.JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    @Override
    public JsonNode delete(String path, JsonNode options) {
        writes++;
        Route route = route(path);
        ObjectNode current = objects.get(route.key());
        if (current == null) {
            throw new ApiCallException(404, route.key() + " not found");
        }
        String uid = options == null ? "" : options.path("preconditions").path("uid").asText("");
        if (!uid.isEmpty() && !uid.equals(Metadata.uid(current))) {
            throw new ApiCallException(409, route.key() + " has another uid");
        }
        remove(route.key(), current);
        return current.deepCopy();
    }

    private void remove(String key, ObjectNode object) {
        boolean graceful = object.path("kind").asText().equals("Pod") && !PodState.node(object).isEmpty()
                && !PodState.finished(object);
        if (graceful) {
            if (!Metadata.terminating(object)) {
                TestObjects.set(object, "metadata/deletionTimestamp", Metadata.format(clock.get()));
                ((ObjectNode) object.get("metadata")).put("resourceVersion", Long.toString(++revision));
            }
        } else {
            objects.remove(key);
        }
        String uid = Metadata.uid(object);
        for (Map.Entry<String, ObjectNode> dependent : new ArrayList<>(objects.entrySet())) {
            if (OwnerReferences.controllerOf(dependent.getValue())
                    .map(r -> r.path("uid").asText().equals(uid)).orElse(false)) {
                remove(dependent.getKey(), dependent.getValue());
            }
        }
    }

    /** Replaces an object as another writer would (a user, a node agent); bumps its resourceVersion. */
    public void put(ObjectNode object) {
        Kind kind = Kind.of(object.path("kind").asText());
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.get("metadata")).put("resourceVersion", Long.toString(++revision));
        objects.put(new Route(kind, Metadata.namespace(object), Metadata.name(object), false).key(), copy);
    }

    /** Removes an object at once (a pod whose node confirmed its deletion). */
    public void forget(JsonNode object) {
        objects.remove(new Route(Kind.of(object.path("kind").asText()), Metadata.namespace(object),
                Metadata.name(object), false).key());
    }

    public List<ObjectNode> all(Kind kind) {
        return objects.values().stream().filter(o -> o.path("kind").asText().equals(kind.kind()))
                .map(ObjectNode::deepCopy).toList();
    }

    public ObjectNode one(Kind kind, String name) {
        return objects.values().stream().filter(o -> o.path("kind").asText().equals(kind.kind())
                && Metadata.name(o).equals(name)).findFirst().map(ObjectNode::deepCopy)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** What the projection would show now. */
    public Cluster cluster() {
        List<JsonNode> copies = new ArrayList<>();
        objects.values().forEach(o -> copies.add(o.deepCopy()));
        return Cluster.of(copies);
    }

    public List<JsonNode> events() {
        return events;
    }

    public int writes() {
        return writes;
    }
}

package io.kumos.health.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.infinispan.client.hotrod.RemoteCacheManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;

/**
 * The part of the api-gateway health-service uses, small enough to own: nodes and pods in memory, merge patches of
 * a node (its spec and metadata, such as annotations) and of its status, strategic merge of pod status conditions (by type), resourceVersion
 * and uid preconditions (409), graceful pod deletion (a deletionTimestamp: the node that would confirm it is dead)
 * and Events. Like the real gateway, it projects every write into the grid's {@code kumos-objects} with a new
 * revision, so the controller reads its own writes back from the real grid. Records every request.
 */
public final class FakeApiGateway implements AutoCloseable {

    public record Request(String method, String path, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong(1000);
    private final HttpServer server;
    private volatile RemoteCacheManager grid;

    FakeApiGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where writes are projected; set before the first object is stored. */
    public void projectInto(RemoteCacheManager grid) {
        this.grid = grid;
    }

    /** Stores (and projects) an object as a client's create would. */
    public synchronized ObjectNode put(ObjectNode object) {
        String key = key(object);
        ObjectNode stored = object.deepCopy();
        ((ObjectNode) stored.get("metadata")).put("resourceVersion", Long.toString(revision.incrementAndGet()));
        objects.put(key, stored);
        project(stored, false);
        return stored.deepCopy();
    }

    public ObjectNode get(String resource, String namespace, String name) {
        ObjectNode object = objects.get(resource + "/" + namespace + "/" + name);
        return object == null ? null : object.deepCopy();
    }

    /** Removes what this fake stored, from memory and from the grid. */
    public synchronized void clear() {
        objects.values().forEach(object -> project(object, true));
        objects.clear();
        requests.clear();
        events.clear();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        JsonNode parsed = body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        requests.add(new Request(exchange.getRequestMethod(), path, parsed));
        try {
            answer(exchange, 200, route(exchange.getRequestMethod(), path, parsed));
        } catch (Refusal refusal) {
            answer(exchange, refusal.status, JSON.createObjectNode().put("kind", "Status")
                    .put("code", refusal.status).put("message", refusal.getMessage()));
        }
    }

    private JsonNode route(String method, String path, JsonNode body) {
        String[] parts = path.split("/");
        if (method.equals("POST") && path.endsWith("/events")) {
            events.add(body);
            return body;
        }
        boolean pod = parts.length > 5 && parts[3].equals("namespaces") && parts[5].equals("pods");
        boolean node = parts.length > 4 && parts[3].equals("nodes");
        String key = pod ? "core/pods/" + parts[4] + "/" + parts[6] : node ? "core/nodes//" + parts[4] : "";
        boolean status = path.endsWith("/status");
        ObjectNode current = objects.get(key);
        if (current == null) {
            throw new Refusal(404, path + " not found");
        }
        if (method.equals("PATCH")) {
            precondition(current, body.path("metadata").path("resourceVersion").asText(""));
            return store(key, patch(current, (ObjectNode) body, status, pod));
        }
        if (method.equals("DELETE") && pod) {
            precondition(current, body.path("preconditions").path("resourceVersion").asText(""));
            String uid = body.path("preconditions").path("uid").asText("");
            if (!uid.isEmpty() && !uid.equals(current.at("/metadata/uid").asText())) {
                throw new Refusal(409, "Precondition failed: UID");
            }
            ObjectNode next = current.deepCopy();
            ObjectNode metadata = (ObjectNode) next.get("metadata");
            if (!metadata.has("deletionTimestamp")) {
                metadata.put("deletionTimestamp", Instant.now().plusSeconds(30).toString())
                        .put("deletionGracePeriodSeconds", 30);
            }
            return store(key, next);
        }
        throw new Refusal(405, method + " " + path + " is not part of this fake");
    }

    private static void precondition(ObjectNode current, String version) {
        if (!version.isEmpty() && !version.equals(current.at("/metadata/resourceVersion").asText())) {
            throw new Refusal(409, "the object has been modified");
        }
    }

    private static ObjectNode patch(ObjectNode current, ObjectNode body, boolean status, boolean strategic) {
        ObjectNode patch = body.deepCopy();
        if (status || !patch.path("metadata").isObject()) {
            patch.remove("metadata");
        } else {
            ((ObjectNode) patch.get("metadata")).remove("resourceVersion");
        }
        ObjectNode next = current.deepCopy();
        if (status) {
            JsonNode statusPatch = patch.path("status").deepCopy();
            if (strategic && statusPatch.has("conditions")) {
                mergeConditions((ObjectNode) next.with("status"), (ArrayNode) statusPatch.get("conditions"));
                ((ObjectNode) statusPatch).remove("conditions");
            }
            next.set("status", merge(next.get("status"), statusPatch));
            return next;
        }
        patch.remove("status");
        return (ObjectNode) merge(next, patch);
    }

    /** Strategic merge of a list keyed by {@code type}, as pod conditions are merged. */
    private static void mergeConditions(ObjectNode status, ArrayNode patch) {
        ArrayNode conditions = status.withArray("conditions");
        for (JsonNode change : patch) {
            ObjectNode existing = null;
            for (JsonNode condition : conditions) {
                if (condition.path("type").equals(change.path("type"))) {
                    existing = (ObjectNode) condition;
                }
            }
            if (existing == null) {
                conditions.add(change.deepCopy());
            } else {
                existing.setAll((ObjectNode) change.deepCopy());
            }
        }
    }

    /** RFC 7386 JSON merge patch. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : JSON.createObjectNode();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        });
        return result;
    }

    private ObjectNode store(String key, ObjectNode next) {
        ((ObjectNode) next.get("metadata")).put("resourceVersion", Long.toString(revision.incrementAndGet()));
        objects.put(key, next);
        project(next, false);
        return next;
    }

    private void project(ObjectNode object, boolean deleted) {
        String[] key = key(object).split("/", -1);
        String resource = key[0] + "/" + key[1];
        GridObject projected = new GridObject(resource, key[2], key[3],
                Long.parseLong(object.at("/metadata/resourceVersion").asText()), deleted, object.toString());
        if (deleted) {
            GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS).remove(projected.key());
        } else {
            GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS).put(projected.key(), projected);
        }
    }

    private static String key(JsonNode object) {
        String namespace = object.at("/metadata/namespace").asText("");
        String resource = switch (object.path("kind").asText()) {
            case "Node" -> "core/nodes";
            case "Pod" -> "core/pods";
            case "Lease" -> "coordination.k8s.io/leases";
            default -> throw new IllegalArgumentException("not part of this fake: " + object.path("kind"));
        };
        return resource + "/" + namespace + "/" + object.at("/metadata/name").asText();
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static final class Refusal extends RuntimeException {

        private final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}

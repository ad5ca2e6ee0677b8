package io.kumos.network.endpoints;

import static io.kumos.network.endpoints.ManagedKind.ENDPOINTS;
import static io.kumos.network.endpoints.ManagedKind.ENDPOINT_SLICES;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.problems.OncePerObject;

/**
 * One pass of the endpoints controller: from the live Services, pods, Endpoints and EndpointSlices of the grid's
 * projection, it computes what every Service with a selector should have ({@link DesiredEndpoints},
 * {@link DesiredSlices}) and writes only what differs from what is there: a create, a merge patch of the fields it
 * owns, a delete of its own objects whose Service is gone. A pass that finds everything up to date writes nothing,
 * so passes can run as often as wanted; and since it computes from the whole state each time (level-triggered), a
 * failed write is simply made again by the next pass.
 *
 * <p>A write decided from the projection is conditional on the object it read: a patch names the resourceVersion
 * read, a delete the uid and resourceVersion, so a decision made on a stale view (another replica wrote meanwhile, a
 * Service of the same name came back) is refused (409) and made again from the next pass's view. A write that fails
 * for another reason is told as a warning once per object and reason.
 *
 * <p>Endpoints and slices of Services without a selector are their users' and left alone; an Endpoints object
 * this controller did not write (no {@value DesiredEndpoints#MANAGED_BY} label) is never deleted.
 *
 * <p>Not thread-safe: one pass at a time, on the controller's thread. Blocking (it writes through
 * {@link ObjectWrites}).
 */
public final class EndpointsSync {

    /** What a pass reads from the projection. */
    public static final Set<String> RESOURCES = Set.of("core/services", "core/pods", ENDPOINTS.resource(),
            ENDPOINT_SLICES.resource());

    private static final Logger LOG = Logger.getLogger(EndpointsSync.class);

    private final ObjectWrites writes;
    private final ObjectMapper json;
    private final OncePerObject told = new OncePerObject(LOG);
    private int writeCount;

    public EndpointsSync(ObjectWrites writes, ObjectMapper json) {
        this.writes = writes;
        this.json = json;
    }

    /**
     * Brings the Endpoints and EndpointSlices of every Service in line with its pods.
     *
     * @param live the live objects of each of {@link #RESOURCES}, from a complete projection (as its informers hold
     *             them: shared, never modified here)
     * @return how many writes it made (those that failed included)
     */
    public int sync(Map<String, List<JsonNode>> live) {
        Snapshot snapshot = new Snapshot();
        live.forEach((resource, objects) -> objects.forEach(object -> snapshot.add(resource, object)));
        int writesBefore = writeCount;
        for (JsonNode service : snapshot.services.values()) {
            SelectingService.of(service).ifPresent(selecting -> {
                List<JsonNode> pods = snapshot.podsIn(selecting.namespace());
                syncEndpoints(selecting, pods, snapshot.endpoints.get(key(service)));
                syncSlices(selecting, pods, snapshot.slicesOf(key(service)));
            });
        }
        deleteOrphans(snapshot);
        return writeCount - writesBefore;
    }

    private void syncEndpoints(SelectingService service, List<JsonNode> pods, JsonNode existing) {
        ObjectNode desired = DesiredEndpoints.of(service, pods);
        if (existing == null) {
            create(ENDPOINTS, desired, List.of("subsets"));
        } else if (!upToDate(existing, desired, List.of("subsets"))) {
            patch(ENDPOINTS, existing, desired, List.of("subsets"));
        }
    }

    private void syncSlices(SelectingService service, List<JsonNode> pods, List<JsonNode> existing) {
        Map<String, JsonNode> ours = new HashMap<>();
        existing.stream().filter(EndpointsSync::managedSlice).forEach(slice -> ours.put(name(slice), slice));
        List<String> fields = List.of("endpoints", "ports");
        List<ObjectNode> slices = DesiredSlices.of(service, pods);
        if (slices.size() == 1 && slices.get(0).path("endpoints").isEmpty() && !ours.isEmpty()
                && !ours.containsKey(name(slices.get(0)))) {
            // No endpoints left: empty one of the slices there rather than replace them all with a new one.
            ((ObjectNode) slices.get(0).path("metadata")).put("name", ours.keySet().stream().sorted().findFirst()
                    .orElseThrow());
        }
        for (ObjectNode desired : slices) {
            JsonNode current = ours.remove(name(desired));
            if (current == null) {
                create(ENDPOINT_SLICES, desired, fields);
            } else if (!upToDate(current, desired, fields)
                    || !current.path("metadata").path("ownerReferences")
                            .equals(desired.path("metadata").path("ownerReferences"))) {
                patch(ENDPOINT_SLICES, current, desired, fields);
            }
        }
        ours.values().forEach(stale -> delete(ENDPOINT_SLICES, stale, "its pods now serve other ports"));
    }

    /** Deletes this controller's Endpoints and slices whose Service is gone (or is another one of the same name). */
    private void deleteOrphans(Snapshot snapshot) {
        for (JsonNode endpoints : snapshot.endpoints.values()) {
            if (DesiredEndpoints.CONTROLLER.equals(label(endpoints, DesiredEndpoints.MANAGED_BY))
                    && !snapshot.services.containsKey(key(endpoints))) {
                delete(ENDPOINTS, endpoints, "its Service is gone");
            }
        }
        for (JsonNode slice : snapshot.slices) {
            if (!managedSlice(slice)) {
                continue;
            }
            JsonNode service = snapshot.services.get(namespace(slice) + "/" + label(slice, DesiredSlices.SERVICE_NAME));
            String owner = slice.path("metadata").path("ownerReferences").path(0).path("uid").asText("");
            if (service == null || !owner.equals(service.path("metadata").path("uid").asText())) {
                delete(ENDPOINT_SLICES, slice, "its Service is gone");
            }
        }
    }

    /** Its labels and the fields the controller owns are what it wants. */
    private static boolean upToDate(JsonNode existing, JsonNode desired, List<String> fields) {
        if (!labels(existing).equals(labels(desired))) {
            return false;
        }
        return fields.stream().allMatch(field -> normal(existing.path(field)).equals(normal(desired.path(field))));
    }

    private void create(ManagedKind kind, ObjectNode desired, List<String> fields) {
        try {
            writeCount++;
            writes.create(kind, namespace(desired), desired);
            succeeded(kind, desired);
        } catch (ApiCallException e) {
            if (e.status() == 409) {
                // Written before (by this or another replica) and not projected yet: make it what it should be.
                patch(kind, null, desired, fields);
            } else {
                failed("creating", kind, desired, e);
            }
        }
    }

    /** A merge patch making the labels and the owned fields (and ownership) those of {@code desired}. */
    private void patch(ManagedKind kind, JsonNode existing, ObjectNode desired, List<String> fields) {
        ObjectNode patch = json.createObjectNode();
        ObjectNode metadata = patch.putObject("metadata");
        ObjectNode labels = labels(desired).deepCopy();
        if (existing != null) {
            labels(existing).fieldNames().forEachRemaining(label -> {
                if (!labels.has(label)) {
                    labels.putNull(label);
                }
            });
        }
        metadata.set("labels", labels);
        if (desired.path("metadata").has("ownerReferences")) {
            metadata.set("ownerReferences", desired.path("metadata").path("ownerReferences"));
        }
        fields.forEach(field -> patch.set(field, desired.has(field) ? desired.get(field) : NullNode.getInstance()));
        String read = existing == null ? "" : existing.path("metadata").path("resourceVersion").asText("");
        if (!read.isEmpty()) {
            metadata.put("resourceVersion", read);
        }
        try {
            writeCount++;
            writes.patch(kind, namespace(desired), name(desired), patch);
            succeeded(kind, desired);
        } catch (ApiCallException e) {
            if (stale(e)) {
                LOG.debugf("Updating %s %s/%s: it changed or went since it was read, decided again next pass (%s)",
                        kind.resource(), namespace(desired), name(desired), e.getMessage());
            } else {
                failed("updating", kind, desired, e);
            }
        }
    }

    private void delete(ManagedKind kind, JsonNode object, String why) {
        JsonNode metadata = object.path("metadata");
        try {
            writeCount++;
            writes.delete(kind, namespace(object), name(object), metadata.path("uid").asText(""),
                    metadata.path("resourceVersion").asText(""));
            LOG.debugf("Deleted %s %s/%s: %s", kind.resource(), namespace(object), name(object), why);
            succeeded(kind, object);
        } catch (ApiCallException e) {
            if (stale(e)) {
                LOG.debugf("Deleting %s %s/%s: it changed or went since it was read, decided again next pass (%s)",
                        kind.resource(), namespace(object), name(object), e.getMessage());
            } else {
                failed("deleting", kind, object, e);
            }
        }
    }

    /** A write refused because the view it was decided from is stale: the object changed or went (409, 404). */
    private static boolean stale(ApiCallException e) {
        return e.status() == 409 || e.status() == 404;
    }

    private void succeeded(ManagedKind kind, JsonNode object) {
        String described = describe(kind, object);
        told.recovered(described, described + " is written again");
    }

    /** A failure is told once per object and reason. */
    private void failed(String doing, ManagedKind kind, JsonNode object, ApiCallException e) {
        told.warn(describe(kind, object), e.status() + " " + e.getMessage(), "Failed " + doing + " "
                + describe(kind, object) + " through the api-gateway (" + e.getMessage() + "); retrying every pass. "
                + "Is the api-gateway up at kumos.network.api-url? Check './kumos status'.");
    }

    private static String describe(ManagedKind kind, JsonNode object) {
        return kind.resource() + " " + namespace(object) + "/" + name(object);
    }

    private static boolean managedSlice(JsonNode slice) {
        return DesiredSlices.CONTROLLER.equals(label(slice, DesiredSlices.MANAGED_BY));
    }

    /** Missing, null and an empty array or object are the same absence. */
    private static JsonNode normal(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || (node.isContainerNode() && node.isEmpty())
                ? MissingNode.getInstance()
                : node;
    }

    private static ObjectNode labels(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        return labels instanceof ObjectNode node ? node : JsonNodeFactory.instance.objectNode();
    }

    private static String label(JsonNode object, String label) {
        return object.path("metadata").path("labels").path(label).asText(null);
    }

    private static String key(JsonNode object) {
        return namespace(object) + "/" + name(object);
    }

    private static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText("");
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    /** The objects of a pass, indexed as it reads them. */
    private static final class Snapshot {

        private final Map<String, JsonNode> services = new HashMap<>();
        private final Map<String, List<JsonNode>> podsByNamespace = new HashMap<>();
        private final Map<String, JsonNode> endpoints = new HashMap<>();
        private final List<JsonNode> slices = new ArrayList<>();
        private final Map<String, List<JsonNode>> slicesByService = new HashMap<>();

        void add(String resource, JsonNode object) {
            switch (resource) {
                case "core/services" -> services.put(key(object), object);
                case "core/pods" -> podsByNamespace.computeIfAbsent(namespace(object), ns -> new ArrayList<>())
                        .add(object);
                case "core/endpoints" -> endpoints.put(key(object), object);
                case "discovery.k8s.io/endpointslices" -> {
                    slices.add(object);
                    slicesByService.computeIfAbsent(namespace(object) + "/"
                            + label(object, DesiredSlices.SERVICE_NAME), key -> new ArrayList<>()).add(object);
                }
                default -> {
                    // Not read by the controller.
                }
            }
        }

        List<JsonNode> podsIn(String namespace) {
            return podsByNamespace.getOrDefault(namespace, List.of());
        }

        List<JsonNode> slicesOf(String serviceKey) {
            return slicesByService.getOrDefault(serviceKey, List.of());
        }
    }
}

package io.kumos.gateway.objects;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.GatewayConfig;
import io.kumos.gateway.kinds.DefaultTolerations;
import io.kumos.gateway.kinds.FieldErrors;
import io.kumos.gateway.kinds.KindRules;
import io.kumos.gateway.kinds.Kinds;
import io.kumos.gateway.kinds.ObjectMetaRules;
import io.kumos.gateway.kinds.Nodes;
import io.kumos.gateway.kinds.Versions;
import io.kumos.gateway.network.ServiceAddresses;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.patch.ServerSideApply;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.gateway.store.ObjectRecord;
import io.kumos.gateway.store.RecordException;
import io.kumos.gateway.store.StoredObject;
import io.smallrye.mutiny.Uni;

/**
 * Create, read, update and delete of API objects: the rules of Kubernetes on top of the {@link ObjectRecord}
 * (common metadata rules here, each kind's own in {@link Kinds}). Objects go in and come out in the version the
 * client used; the record holds the stored version. A Service's cluster IP and node ports are claimed from
 * network-service around its writes ({@link ServiceAddresses}): before the write, given back if it fails, and
 * those it no longer holds once it is committed. Never blocks; every refusal is an {@link ApiException}
 * carrying its {@code v1.Status}.
 */
@ApplicationScoped
public class ObjectService {

    private static final String NAMESPACES = "core/namespaces";
    private static final String GENERATE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    /** Updates computed from the current object (patches, unconditional replaces) retry this often on a race. */
    private static final int RETRIES_ON_CONFLICT = 8;
    /** A chunk with selectors reads at least this many objects at a time, and at most the second. */
    private static final int MIN_SELECTING_BATCH = 250;
    private static final int MAX_SELECTING_BATCH = 2_000;

    private final ObjectRecord record;
    private final ServiceAddresses addresses;
    private final ModelSchema schema;
    private final ServerSideApply fieldOwners;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    ObjectService(ObjectRecord record, ServiceAddresses addresses, ModelSchema schema, ServerSideApply fieldOwners,
            GatewayConfig config, ObjectMapper json) {
        this.record = record;
        this.config = config;
        this.addresses = addresses;
        this.schema = schema;
        this.fieldOwners = fieldOwners;
        this.json = json;
    }

    public Uni<JsonNode> get(ResourceType type, String namespace, String name) {
        return current(type, namespace, name).map(found -> served(type, found));
    }

    /**
     * The objects of a type in a namespace, or in all namespaces when {@code namespace} is empty, that match the
     * label and field selectors (either may be null).
     */
    public Uni<Listed> list(ResourceType type, String namespace, String labelSelector, String fieldSelector) {
        List<JsonNode> items = new ArrayList<>();
        return list(type, namespace, labelSelector, fieldSelector, null, items::add)
                .map(revision -> new Listed(revision, items));
    }

    /**
     * The same objects, in list order, after a position ({@code after} null: all) handed to {@code each} one at a
     * time as they are read: a caller that writes each out never holds every object at once. The revision they
     * are consistent with comes when all are handed over.
     */
    public Uni<Long> list(ResourceType type, String namespace, String labelSelector, String fieldSelector,
            ObjectKey after, Consumer<JsonNode> each) {
        Predicate<JsonNode> selected = Selector.labels(labelSelector)
                .and(Selector.fields(fieldSelector, type.fieldLabels()));
        return record.list(type.recordName(), type.namespaced() ? namespace : "").map(list -> {
            for (StoredObject stored : list.objects()) {
                if (after == null || ListPage.follows(stored.key(), after)) {
                    JsonNode object = served(type, stored);
                    if (selected.test(object)) {
                        each.accept(object);
                    }
                }
            }
            return list.revision();
        });
    }

    /**
     * A chunk of a list: at most {@code limit} objects the selectors match after a position in list order
     * ({@code after} null: from the start), whether more follow and, without selectors, how many. Read from the
     * record a batch at a time until the chunk is full, so that a chunk costs its own objects, not the resource.
     */
    public Uni<Chunk> chunk(ResourceType type, String namespace, String labelSelector, String fieldSelector,
            ObjectKey after, int limit) {
        Predicate<JsonNode> selected = Selector.labels(labelSelector)
                .and(Selector.fields(fieldSelector, type.fieldLabels()));
        boolean everything = isBlank(labelSelector) && isBlank(fieldSelector);
        String scope = type.namespaced() ? namespace : "";
        return fill(type, scope, selected, everything, after, limit, new ArrayList<>(), -1).chain(chunk -> {
            if (!chunk.more() || !everything) {
                return Uni.createFrom().item(chunk);
            }
            JsonNode last = chunk.items().get(chunk.items().size() - 1).path("metadata");
            ObjectKey position = new ObjectKey(type.recordName(), last.path("namespace").asText(""),
                    last.path("name").asText());
            return record.countAfter(type.recordName(), scope, position)
                    .map(remaining -> new Chunk(chunk.revision(), chunk.items(), true, remaining));
        });
    }

    /**
     * Reads batches after {@code after} until {@code limit + 1} objects are selected (one more than the chunk: then
     * more follow) or the resource ends. Without selectors a batch is exactly what is missing.
     */
    private Uni<Chunk> fill(ResourceType type, String namespace, Predicate<JsonNode> selected, boolean everything,
            ObjectKey after, int limit, List<JsonNode> items, long revision) {
        int missing = limit + 1 - items.size();
        int batch = everything ? missing : Math.min(Math.max(missing, MIN_SELECTING_BATCH), MAX_SELECTING_BATCH);
        return record.listAfter(type.recordName(), namespace, after, batch).chain(read -> {
            long listRevision = revision < 0 ? read.revision() : revision;
            for (StoredObject stored : read.objects()) {
                JsonNode object = served(type, stored);
                if (items.size() <= limit && selected.test(object)) {
                    items.add(object);
                }
            }
            if (items.size() > limit || read.objects().size() < batch) {
                boolean more = items.size() > limit;
                return Uni.createFrom().item(new Chunk(listRevision, more ? items.subList(0, limit) : items, more, -1));
            }
            ObjectKey last = read.objects().get(read.objects().size() - 1).key();
            return fill(type, namespace, selected, everything, last, limit, items, listRevision);
        });
    }

    /**
     * The objects of a chunk of a list, the revision of its first read, whether more follow and how many (-1:
     * not counted, as when selectors chose the objects).
     */
    public record Chunk(long revision, List<JsonNode> items, boolean more, long remaining) {
    }

    /** The newest revision the log no longer holds: continue tokens and watches from before it are expired. */
    public Uni<Long> compactedRevision() {
        return record.compactedRevision();
    }

    public Uni<JsonNode> create(ResourceType type, String namespace, String body, String manager) {
        return create(type, namespace, asObject(parse(body)), manager);
    }

    /** Creates an object; {@code manager} becomes the owner of its fields. */
    public Uni<JsonNode> create(ResourceType type, String namespace, ObjectNode body, String manager) {
        return create(type, namespace, body, manager, false);
    }

    private Uni<JsonNode> create(ResourceType type, String namespace, ObjectNode body, String manager,
            boolean applied) {
        ObjectNode object = ObjectRules.checkTypeMatchesUrl(type, body);
        ObjectRules.checkNamespaceMatchesUrl(type, object, namespace);
        ObjectNode metadata = ObjectRules.metadata(object);
        String name = metadata.path("name").asText("");
        String generateName = metadata.path("generateName").asText("");
        if (name.isEmpty() && !generateName.isEmpty()) {
            name = generateName + randomSuffix();
            metadata.put("name", name);
        }
        ObjectRules.validateName(type, name);
        UUID uid = UUID.randomUUID();
        metadata.put("uid", uid.toString());
        metadata.put("creationTimestamp", now().toString());
        metadata.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"));
        schema.prune(object, schema.type(type.model()));
        ObjectNode stored = Versions.toStored(type.apiVersion(), object);
        KindRules rules = Kinds.of(type.kind());
        rules.applyDefaults(stored);
        if ("Pod".equals(type.kind())) {
            DefaultTolerations.admit(stored, config.defaultTolerationSeconds());
        }
        rules.prepareForCreate(stored);
        if (rules.tracksGeneration()) {
            metadata.put("generation", 1);
        } else {
            metadata.remove("generation");
        }
        FieldErrors errors = new FieldErrors();
        ObjectMetaRules.validate(stored, errors);
        rules.validate(stored, errors);
        errors.throwIfAny(type.kind(), name);
        if (!applied) {
            fieldOwners.recordUpdate(stored, null, type.model(), manager, "");
        }
        ObjectKey key = key(type, namespace, name);
        String finalName = name;
        ObjectKey within = type.namespaced() ? new ObjectKey(NAMESPACES, "", namespace) : null;
        return addresses.claim(type, stored, null)
                .chain(claims -> record.create(key, uid, stored, within).onFailure().call(claims::undo))
                .onFailure(RecordException.class).transform(e -> refusal(type, finalName, (RecordException) e))
                .map(created -> Versions.toServed(type.apiVersion(), stored));
    }

    /**
     * Changes an object: {@code change} gets the current object in the client's version and returns the one
     * wanted. A resourceVersion in the result must still be current (409 otherwise); without one, a concurrent
     * write makes the change run again on the newer object. {@code status} says which part the change may
     * touch: the status subresource changes the status only, the main resource everything but the status.
     */
    public Uni<JsonNode> update(ResourceType type, String namespace, String name, boolean status, String manager,
            UnaryOperator<ObjectNode> change) {
        return update(type, namespace, name, new Write(status, manager, false), change, RETRIES_ON_CONFLICT);
    }

    /**
     * Server-side apply: creates the object from {@code config} if it does not exist, else merges it in; the
     * manager owns exactly the fields of its configuration (see {@link ServerSideApply}).
     */
    public Uni<JsonNode> apply(ResourceType type, String namespace, String name, ObjectNode config, String manager,
            boolean force) {
        if (manager == null || manager.isEmpty()) {
            throw ApiException.invalid(type.kind(), name, List.of(ApiException.fieldCause("FieldValueRequired",
                    "fieldManager", "Required value: is required for apply patch")));
        }
        ObjectRules.checkTypeMatchesUrl(type, config);
        ObjectRules.checkNamespaceMatchesUrl(type, config, namespace);
        ObjectRules.checkNameMatchesUrl(config, name);
        return record.find(key(type, namespace, name)).chain(found -> found.isEmpty()
                ? create(type, namespace, fieldOwners.apply(null, config, type.model(), manager, force), manager, true)
                        .onFailure(e -> e instanceof ApiException api && api.status().getCode() == 409)
                        .recoverWithUni(() -> apply(type, namespace, name, config, manager, force))
                : update(type, namespace, name, new Write(false, manager, true), live -> {
                    ObjectRules.metadata(live).remove("resourceVersion");
                    return fieldOwners.apply(live, config, type.model(), manager, force);
                }, RETRIES_ON_CONFLICT));
    }

    /** What kind of write an update is: to the status only, by which manager, by server-side apply. */
    private record Write(boolean status, String manager, boolean apply) {
    }

    private Uni<JsonNode> update(ResourceType type, String namespace, String name, Write write,
            UnaryOperator<ObjectNode> change, int retries) {
        return current(type, namespace, name).chain(current -> {
            ObjectNode old = asObject(parse(current.body()));
            JsonNode served = Versions.toServed(type.apiVersion(), old);
            ObjectNode wanted = change.apply((ObjectNode) served.deepCopy());
            schema.prune(wanted, schema.type(type.model()));
            ObjectRules.checkTypeMatchesUrl(type, wanted);
            ObjectRules.checkNamespaceMatchesUrl(type, wanted, namespace);
            ObjectRules.checkNameMatchesUrl(wanted, name);
            long precondition = revisionOf(wanted);
            if (precondition != 0 && precondition != current.revision()) {
                throw ApiException.conflict(type.qualifiedPlural(), name);
            }
            ObjectNode next = prepareUpdate(type, write, Versions.toStored(type.apiVersion(), wanted), old);
            if (sameObject(next, old)) {
                return Uni.createFrom().item(served);
            }
            Uni<JsonNode> written = lastFinalizerRemoved(type, next, old)
                    ? record.delete(current.key(), current.revision()).call(() -> addresses.release(type, old))
                            .map(stored -> served(type, stored))
                    : addresses.claim(type, next, old).chain(claims -> record.update(current.key(),
                            current.revision(), next).onFailure().call(claims::undo).call(claims::settle))
                            .map(stored -> Versions.toServed(type.apiVersion(), next));
            return written
                    .onFailure(e -> precondition == 0 && retries > 0 && isConflict(e))
                    .recoverWithUni(() -> update(type, namespace, name, write, change, retries - 1));
        }).onFailure(RecordException.class).transform(e -> refusal(type, name, (RecordException) e));
    }

    /** PUT: replaces the object (or its status) with the one sent. */
    public Uni<JsonNode> replace(ResourceType type, String namespace, String name, boolean status, String manager,
            ObjectNode body) {
        ObjectRules.checkTypeMatchesUrl(type, body);
        ObjectRules.checkNamespaceMatchesUrl(type, body, namespace);
        ObjectRules.checkNameMatchesUrl(body, name);
        return update(type, namespace, name, status, manager, current -> body);
    }

    /**
     * Deletes an object, as Kubernetes does: with finalizers (its own, or {@code foregroundDeletion} and
     * {@code orphan} from the propagation policy) or a grace period (a pod on a node) it is only marked with a
     * deletionTimestamp, and goes when the finalizers are removed or the node confirms; otherwise it goes now.
     * Its dependents are the {@link GarbageCollector}'s.
     */
    public Uni<JsonNode> delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        return delete(type, namespace, name, options, RETRIES_ON_CONFLICT);
    }

    private Uni<JsonNode> delete(ResourceType type, String namespace, String name, DeleteOptions options,
            int retries) {
        return current(type, namespace, name).chain(current -> {
            ObjectNode old = asObject(parse(current.body()));
            ObjectNode metadata = ObjectRules.metadata(old);
            options.checkPreconditions(type, name, current);
            boolean terminating = metadata.has("deletionTimestamp");
            Uni<StoredObject> written;
            if ("Namespace".equals(type.kind())) {
                written = terminating ? Uni.createFrom().item(current) : markTerminating(current, old);
            } else {
                List<String> finalizers = finalizers(metadata);
                options.policyFinalizer().filter(f -> !finalizers.contains(f)).ifPresent(finalizers::add);
                long grace = gracePeriod(type, old, options);
                if (terminating && (grace > 0 || !finalizers.isEmpty())) {
                    written = Uni.createFrom().item(current);
                } else if (finalizers.isEmpty() && grace == 0) {
                    written = record.delete(current.key(), current.revision())
                            .call(() -> addresses.release(type, old));
                } else {
                    if (!terminating) {
                        metadata.put("deletionTimestamp", now().plusSeconds(grace).toString());
                    }
                    metadata.put("deletionGracePeriodSeconds", grace);
                    ArrayNode list = metadata.putArray("finalizers");
                    finalizers.forEach(list::add);
                    written = record.update(current.key(), current.revision(), old);
                }
            }
            return written.map(stored -> served(type, stored))
                    .onFailure(e -> retries > 0 && isConflict(e))
                    .recoverWithUni(() -> delete(type, namespace, name, options, retries - 1));
        }).onFailure(RecordException.class).transform(e -> refusal(type, name, (RecordException) e));
    }

    /** The objects of a list and the revision they are consistent with. */
    public record Listed(long revision, List<JsonNode> items) {
    }

    /**
     * The update rules: what clients may not change (identity, deletion marks, the other half of a status
     * split) is kept from the old object; defaults, validation and immutable fields apply; a spec change bumps
     * the generation.
     */
    private ObjectNode prepareUpdate(ResourceType type, Write write, ObjectNode wanted, ObjectNode old) {
        KindRules rules = Kinds.of(type.kind());
        ObjectNode next;
        if (write.status()) {
            next = old.deepCopy();
            Nodes.copyField(next, wanted, "status");
        } else {
            next = wanted;
            if (type.hasStatus()) {
                Nodes.copyField(next, old, "status");
            }
            ObjectNode metadata = ObjectRules.metadata(next);
            JsonNode before = old.path("metadata");
            for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                    "generation")) {
                Nodes.copyField(metadata, before, field);
            }
            rules.applyUpdateDefaults(next, old);
            rules.applyDefaults(next);
            FieldErrors errors = new FieldErrors();
            ObjectMetaRules.validate(next, errors);
            rules.validate(next, errors);
            rules.validateUpdate(next, old, errors);
            errors.throwIfAny(type.kind(), metadata.path("name").asText());
            if (rules.tracksGeneration() && !Objects.equals(specOf(next), specOf(old))) {
                metadata.put("generation", before.path("generation").asLong(0) + 1);
            }
        }
        if (!write.apply()) {
            fieldOwners.recordUpdate(next, old, type.model(), write.manager(), write.status() ? "status" : "");
        }
        return next;
    }

    /** Whether this update takes the last finalizer off an object that is being deleted: then it goes. */
    private static boolean lastFinalizerRemoved(ResourceType type, ObjectNode next, ObjectNode old) {
        JsonNode metadata = next.path("metadata");
        boolean awaitingNode = "Pod".equals(type.kind()) && metadata.path("deletionGracePeriodSeconds").asLong(0) > 0;
        return metadata.has("deletionTimestamp") && metadata.path("finalizers").isEmpty()
                && !old.path("metadata").path("finalizers").isEmpty() && !awaitingNode;
    }

    /**
     * A pod bound to a node gets a grace period (the request's, else its spec's) for the node to stop it; a
     * pod on no node, or already finished, has nothing to wait for. Other kinds go at once.
     */
    private static long gracePeriod(ResourceType type, JsonNode object, DeleteOptions options) {
        if (!"Pod".equals(type.kind()) || object.path("spec").path("nodeName").asText("").isEmpty()) {
            return 0;
        }
        String phase = object.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        return Math.max(0, options.gracePeriodSeconds()
                .orElse(object.path("spec").path("terminationGracePeriodSeconds").asLong(30)));
    }

    /** A namespace being deleted turns Terminating; the garbage collector empties it, then removes it. */
    private Uni<StoredObject> markTerminating(StoredObject current, ObjectNode namespace) {
        ObjectRules.metadata(namespace).put("deletionTimestamp", now().toString());
        ((ObjectNode) namespace.path("status")).put("phase", "Terminating");
        return record.update(current.key(), current.revision(), namespace);
    }

    private Uni<StoredObject> current(ResourceType type, String namespace, String name) {
        return record.find(key(type, namespace, name))
                .map(found -> found.orElseThrow(() -> ApiException.notFound(type.qualifiedPlural(), name)));
    }

    private JsonNode served(ResourceType type, StoredObject stored) {
        return Versions.toServed(type.apiVersion(), parse(stored.body()));
    }

    /** The finalizers an object's metadata lists. */
    static List<String> finalizers(JsonNode metadata) {
        List<String> finalizers = new ArrayList<>();
        metadata.path("finalizers").forEach(f -> finalizers.add(f.asText()));
        return finalizers;
    }

    private static JsonNode specOf(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of("metadata", "status"));
        return copy;
    }

    private static boolean sameObject(ObjectNode next, ObjectNode old) {
        ObjectNode a = next.deepCopy();
        ObjectNode b = old.deepCopy();
        ObjectRules.metadata(a).remove("resourceVersion");
        ObjectRules.metadata(b).remove("resourceVersion");
        return a.equals(b);
    }

    private static boolean isConflict(Throwable e) {
        return e instanceof RecordException record && record.reason() == RecordException.Reason.CONFLICT;
    }

    private static ApiException refusal(ResourceType type, String name, RecordException e) {
        return switch (e.reason()) {
            case ALREADY_EXISTS -> ApiException.alreadyExists(type.qualifiedPlural(), name);
            case NOT_FOUND -> ApiException.notFound(type.qualifiedPlural(), name);
            case CONFLICT -> ApiException.conflict(type.qualifiedPlural(), name);
            case NAMESPACE_NOT_FOUND -> ApiException.notFound("namespaces", e.key().name());
            case NAMESPACE_TERMINATING -> ApiException.of(403, "Forbidden", type.qualifiedPlural() + " is "
                    + "forbidden: unable to create new content in namespace " + e.key().name()
                    + " because it is being terminated");
        };
    }

    static long revisionOf(JsonNode object) {
        String resourceVersion = object.path("metadata").path("resourceVersion").asText("");
        if (resourceVersion.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resourceVersion \"" + resourceVersion + "\"");
        }
    }

    private static ObjectKey key(ResourceType type, String namespace, String name) {
        return new ObjectKey(type.recordName(), type.namespaced() ? namespace : "", name);
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(GENERATE_NAME_ALPHABET.charAt(random.nextInt(GENERATE_NAME_ALPHABET.length())));
        }
        return suffix.toString();
    }

    static ObjectNode asObject(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request must be a JSON object");
        }
        return object;
    }

    private static boolean isBlank(String selector) {
        return selector == null || selector.isBlank();
    }

    JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body of the request could not be decoded: "
                    + e.getOriginalMessage());
        }
    }
}

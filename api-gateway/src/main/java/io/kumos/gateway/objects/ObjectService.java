package io.kumos.gateway.objects;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.gateway.store.ObjectList;
import io.kumos.gateway.store.ObjectRecord;
import io.kumos.gateway.store.RecordException;
import io.kumos.gateway.store.StoredObject;
import io.smallrye.mutiny.Uni;

/**
 * Create, read, update, patch and delete of API objects: the rules and defaults of Kubernetes on top of the
 * {@link ObjectRecord}. Never blocks; every refusal is an {@link ApiException} carrying its {@code v1.Status}.
 */
@ApplicationScoped
public class ObjectService {

    private static final String NAMESPACES = "core/namespaces";
    private static final String GENERATE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final ObjectRecord record;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    ObjectService(ObjectRecord record, ObjectMapper json) {
        this.record = record;
        this.json = json;
    }

    public Uni<JsonNode> get(ResourceType type, String namespace, String name) {
        ObjectKey key = key(type, namespace, name);
        return record.find(key).map(found -> parse(found
                .orElseThrow(() -> ApiException.notFound(type.plural(), name)).body()));
    }

    /**
     * The objects of a type in a namespace, or in all namespaces when {@code namespace} is empty, that match the
     * label and field selectors (either may be null).
     */
    public Uni<Listed> list(ResourceType type, String namespace, String labelSelector, String fieldSelector) {
        Predicate<JsonNode> selected = Selector.labels(labelSelector)
                .and(Selector.fields(fieldSelector, type.fieldLabels()));
        return record.list(type.recordName(), type.namespaced() ? namespace : "")
                .map(list -> new Listed(list.revision(), list.objects().stream()
                        .map(stored -> parse(stored.body())).filter(selected).toList()));
    }

    public Uni<JsonNode> create(ResourceType type, String namespace, String body) {
        ObjectNode object = ObjectRules.checkTypeMatchesUrl(type, parse(body));
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
        metadata.put("creationTimestamp", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.remove("resourceVersion");
        metadata.remove("deletionTimestamp");
        Defaults.apply(object);
        ObjectKey key = key(type, namespace, name);
        String finalName = name;
        return namespaceMustExist(type, namespace)
                .chain(() -> record.create(key, uid, write(object)))
                .onFailure(RecordException.class).transform(e -> refusal(type, finalName, (RecordException) e))
                .map(stored -> parse(stored.body()));
    }

    /** PUT: replaces the object; a resourceVersion in the body must still be current (409 otherwise). */
    public Uni<JsonNode> replace(ResourceType type, String namespace, String name, String body) {
        ObjectNode object = ObjectRules.checkTypeMatchesUrl(type, parse(body));
        ObjectRules.checkNamespaceMatchesUrl(type, object, namespace);
        ObjectRules.checkNameMatchesUrl(object, name);
        long expected = revisionOf(object);
        return record.find(key(type, namespace, name))
                .map(found -> found.orElseThrow(() -> ApiException.notFound(type.plural(), name)))
                .chain(current -> write(type, current, object, expected));
    }

    /** PATCH with a merge patch (or a strategic merge patch, which means the same for these kinds). */
    public Uni<JsonNode> patch(ResourceType type, String namespace, String name, String patchBody) {
        JsonNode patch = parse(patchBody);
        if (!patch.isObject()) {
            throw ApiException.badRequest("a merge patch must be a JSON object");
        }
        return record.find(key(type, namespace, name))
                .map(found -> found.orElseThrow(() -> ApiException.notFound(type.plural(), name)))
                .chain(current -> {
                    ObjectNode patched = (ObjectNode) MergePatch.apply(parse(current.body()), patch);
                    ObjectRules.checkTypeMatchesUrl(type, patched);
                    ObjectRules.checkNamespaceMatchesUrl(type, patched, namespace);
                    ObjectRules.checkNameMatchesUrl(patched, name);
                    long expected = revisionOf(patched);
                    return write(type, current, patched, expected == 0 ? current.revision() : expected);
                });
    }

    public Uni<JsonNode> delete(ResourceType type, String namespace, String name) {
        Uni<Void> contents = "Namespace".equals(type.kind()) ? deleteContents(name) : Uni.createFrom().voidItem();
        return contents.chain(() -> record.delete(key(type, namespace, name), 0))
                .onFailure(RecordException.class).transform(e -> refusal(type, name, (RecordException) e))
                .map(stored -> parse(stored.body()));
    }

    /** The objects of a list and the revision they are consistent with. */
    public record Listed(long revision, List<JsonNode> items) {
    }

    private Uni<JsonNode> write(ResourceType type, StoredObject current, ObjectNode object, long expected) {
        ObjectNode metadata = ObjectRules.metadata(object);
        JsonNode stored = parse(current.body()).path("metadata");
        // uid and creationTimestamp belong to the object's whole life; a client cannot change them.
        metadata.put("uid", current.uid().toString());
        metadata.set("creationTimestamp", stored.path("creationTimestamp"));
        Defaults.apply(object);
        return record.update(current.key(), expected, write(object))
                .onFailure(RecordException.class)
                .transform(e -> refusal(type, current.key().name(), (RecordException) e))
                .map(updated -> parse(updated.body()));
    }

    /**
     * Namespace deletion, simplified: the namespace's objects are deleted first, one write each, then the
     * namespace. (Kubernetes' Terminating phase and finalizers come with garbage collection.)
     */
    private Uni<Void> deleteContents(String namespace) {
        return record.resourcesIn(namespace).chain(keys -> keys.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(keys.stream().map(key -> record.delete(key, 0)
                        .onFailure(RecordException.class).recoverWithNull().replaceWithVoid()).toList())
                        .andFailFast().replaceWithVoid());
    }

    private Uni<Void> namespaceMustExist(ResourceType type, String namespace) {
        if (!type.namespaced()) {
            return Uni.createFrom().voidItem();
        }
        return record.find(new ObjectKey(NAMESPACES, "", namespace)).map(found -> {
            if (found.isEmpty()) {
                throw ApiException.notFound("namespaces", namespace);
            }
            return null;
        });
    }

    private static ApiException refusal(ResourceType type, String name, RecordException e) {
        return switch (e.reason()) {
            case ALREADY_EXISTS -> ApiException.alreadyExists(type.plural(), name);
            case NOT_FOUND -> ApiException.notFound(type.plural(), name);
            case CONFLICT -> ApiException.conflict(type.plural(), name);
        };
    }

    private static long revisionOf(ObjectNode object) {
        String resourceVersion = ObjectRules.metadata(object).path("resourceVersion").asText("");
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

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(GENERATE_NAME_ALPHABET.charAt(random.nextInt(GENERATE_NAME_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body of the request could not be decoded: "
                    + e.getOriginalMessage());
        }
    }

    private String write(JsonNode object) {
        try {
            return json.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.kumos.gateway.objects;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.patch.Patches;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.kumos.gateway.printing.TablePrinter;
import io.kumos.gateway.query.ListOptions;
import io.kumos.gateway.query.QueryParameters;
import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.resources.ResourceType.Subresource;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.gateway.status.GoStrings;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The object endpoints of one API group-version, the same for {@code /api/v1} and {@code /apis/<g>/<v>}:
 * {@code [namespaces/<ns>/]<plural>[/<name>[/<subresource>]]}. Subclasses fix the group-version and add its
 * discovery document. This layer decodes requests (JSON or protobuf, unknown fields as {@code fieldValidation}
 * says, patches) and shapes responses (Tables, Warnings); {@link ObjectService} holds the rules.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class ObjectsApi {

    /** The content type of a Table response, as kubectl asked for it. */
    static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    @Inject
    ResourceCatalog catalog;
    @Inject
    ObjectService objects;
    @Inject
    Subresources subresources;
    @Inject
    Patches patches;
    @Inject
    RequestBodies bodies;
    @Inject
    ModelSchema schema;
    @Inject
    ObjectMapper json;
    @Inject
    CurrentVertxRequest request;

    /** The group ({@code ""} for core) and version this endpoint serves. */
    protected abstract String group();

    protected abstract String version();

    // --- cluster-scoped objects, and lists across all namespaces

    @GET
    @Path("{plural}")
    public Uni<Response> listAll(@PathParam("plural") String plural, @HeaderParam("Accept") String accept) {
        return list(type(plural), "", accept);
    }

    @POST
    @Path("{plural}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createClusterScoped(@PathParam("plural") String plural,
            @HeaderParam("Content-Type") String contentType, @QueryParam("fieldValidation") String validation,
            byte[] body) {
        return create(clusterScoped(plural), "", contentType, validation, body);
    }

    @DELETE
    @Path("{plural}")
    public Uni<JsonNode> deleteClusterScopedCollection(@PathParam("plural") String plural) {
        return deleteCollection(clusterScoped(plural), "");
    }

    @GET
    @Path("{plural}/{name}")
    public Uni<Response> getClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Accept") String accept) {
        return get(clusterScoped(plural), "", name, accept);
    }

    @PUT
    @Path("{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> replaceClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, @QueryParam("fieldValidation") String validation,
            byte[] body) {
        return replace(clusterScoped(plural), "", name, "", contentType, validation, body);
    }

    @PATCH
    @Path("{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patchClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, @QueryParam("fieldValidation") String validation,
            String body) {
        return patch(clusterScoped(plural), "", name, "", contentType, validation, body);
    }

    @DELETE
    @Path("{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> deleteClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, @QueryParam("propagationPolicy") String policy,
            byte[] body) {
        return delete(clusterScoped(plural), "", name, contentType, policy, body);
    }

    @GET
    @Path("{plural}/{name}/{subresource}")
    public Uni<Response> getClusterScopedSubresource(@PathParam("plural") String plural,
            @PathParam("name") String name, @PathParam("subresource") String subresource,
            @HeaderParam("Accept") String accept) {
        return getSubresource(clusterScoped(plural), "", name, subresource, accept);
    }

    @PUT
    @Path("{plural}/{name}/{subresource}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> replaceClusterScopedSubresource(@PathParam("plural") String plural,
            @PathParam("name") String name, @PathParam("subresource") String subresource,
            @HeaderParam("Content-Type") String contentType, @QueryParam("fieldValidation") String validation,
            byte[] body) {
        return replace(clusterScoped(plural), "", name, subresource, contentType, validation, body);
    }

    @PATCH
    @Path("{plural}/{name}/{subresource}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patchClusterScopedSubresource(@PathParam("plural") String plural,
            @PathParam("name") String name, @PathParam("subresource") String subresource,
            @HeaderParam("Content-Type") String contentType, @QueryParam("fieldValidation") String validation,
            String body) {
        return patch(clusterScoped(plural), "", name, subresource, contentType, validation, body);
    }

    // --- namespaced objects (and, by the shape of their paths, the subresources of namespaces)

    @GET
    @Path("namespaces/{namespace}/{plural}")
    public Uni<Response> listNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @HeaderParam("Accept") String accept) {
        if (isNamespaceSubresource(plural)) {
            return getSubresource(type("namespaces"), "", namespace, plural, accept);
        }
        return list(namespaced(plural), namespace, accept);
    }

    @POST
    @Path("namespaces/{namespace}/{plural}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @HeaderParam("Content-Type") String contentType,
            @QueryParam("fieldValidation") String validation, byte[] body) {
        return create(namespaced(plural), namespace, contentType, validation, body);
    }

    @DELETE
    @Path("namespaces/{namespace}/{plural}")
    public Uni<JsonNode> deleteNamespacedCollection(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural) {
        return deleteCollection(namespaced(plural), namespace);
    }

    @PUT
    @Path("namespaces/{namespace}/{plural}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> replaceNamespaceSubresource(@PathParam("namespace") String namespace,
            @PathParam("plural") String subresource, @HeaderParam("Content-Type") String contentType,
            @QueryParam("fieldValidation") String validation, byte[] body) {
        return replace(type("namespaces"), "", namespace, subresource, contentType, validation, body);
    }

    @PATCH
    @Path("namespaces/{namespace}/{plural}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patchNamespaceSubresource(@PathParam("namespace") String namespace,
            @PathParam("plural") String subresource, @HeaderParam("Content-Type") String contentType,
            @QueryParam("fieldValidation") String validation, String body) {
        return patch(type("namespaces"), "", namespace, subresource, contentType, validation, body);
    }

    @GET
    @Path("namespaces/{namespace}/{plural}/{name}")
    public Uni<Response> getNamespaced(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
            @PathParam("name") String name, @HeaderParam("Accept") String accept) {
        return get(namespaced(plural), namespace, name, accept);
    }

    @PUT
    @Path("namespaces/{namespace}/{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> replaceNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, @QueryParam("fieldValidation") String validation,
            byte[] body) {
        return replace(namespaced(plural), namespace, name, "", contentType, validation, body);
    }

    @PATCH
    @Path("namespaces/{namespace}/{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patchNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, @QueryParam("fieldValidation") String validation,
            String body) {
        return patch(namespaced(plural), namespace, name, "", contentType, validation, body);
    }

    @DELETE
    @Path("namespaces/{namespace}/{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> deleteNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, @QueryParam("propagationPolicy") String policy,
            byte[] body) {
        return delete(namespaced(plural), namespace, name, contentType, policy, body);
    }

    @GET
    @Path("namespaces/{namespace}/{plural}/{name}/{subresource}")
    public Uni<Response> getNamespacedSubresource(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @PathParam("subresource") String subresource, @HeaderParam("Accept") String accept) {
        return getSubresource(namespaced(plural), namespace, name, subresource, accept);
    }

    @PUT
    @Path("namespaces/{namespace}/{plural}/{name}/{subresource}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> replaceNamespacedSubresource(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @PathParam("subresource") String subresource, @HeaderParam("Content-Type") String contentType,
            @QueryParam("fieldValidation") String validation, byte[] body) {
        return replace(namespaced(plural), namespace, name, subresource, contentType, validation, body);
    }

    @PATCH
    @Path("namespaces/{namespace}/{plural}/{name}/{subresource}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patchNamespacedSubresource(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @PathParam("subresource") String subresource, @HeaderParam("Content-Type") String contentType,
            @QueryParam("fieldValidation") String validation, String body) {
        return patch(namespaced(plural), namespace, name, subresource, contentType, validation, body);
    }

    @POST
    @Path("namespaces/{namespace}/{plural}/{name}/{subresource}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createNamespacedSubresource(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @PathParam("subresource") String subresource, @HeaderParam("Content-Type") String contentType,
            byte[] body) {
        ResourceType type = namespaced(plural);
        Subresource sub = subresource(type, subresource, "create");
        JsonNode payload = parse(bodies.toJson(contentType, body));
        Uni<JsonNode> done = switch (sub.name()) {
            case "binding" -> subresources.bind(type, namespace, name, payload, manager());
            case "eviction" -> subresources.evict(type, namespace, name, payload);
            default -> throw notServed(type, sub);
        };
        return done.map(status -> Response.status(201).entity(status).build());
    }

    // ---

    /** A list (a watch never reaches here: {@code WatchRoute} serves it ahead of this layer). */
    private Uni<Response> list(ResourceType type, String namespace, String accept) {
        ListOptions options = ListOptions.of(query()).validated();
        String continueToken = options.continueToken();
        Uni<Long> compacted = continueToken.isEmpty() ? Uni.createFrom().item(0L) : objects.compactedRevision();
        return compacted.chain(mark -> {
            ListPage.Token token = ListPage.token(continueToken, mark);
            ObjectKey after = token == null ? null : token.after(type.recordName());
            if (options.limit() > 0) {
                int limit = (int) Math.min(options.limit(), Integer.MAX_VALUE - 1);
                return objects.chunk(type, namespace, options.labelSelector(), options.fieldSelector(), after, limit)
                        .map(chunk -> listResponse(type, ListPage.of(chunk, token), accept));
            }
            if (wantsTable(accept)) {
                List<JsonNode> items = new ArrayList<>();
                return objects.list(type, namespace, options.labelSelector(), options.fieldSelector(), after, items::add)
                        .map(revision -> listResponse(type,
                                new ListPage(items, token == null ? revision : token.revision(), null, 0), accept));
            }
            ListBody body = new ListBody(json, type);
            return objects.list(type, namespace, options.labelSelector(), options.fieldSelector(), after, body::add)
                    .map(revision -> Response.ok(body.end(token == null ? revision : token.revision()))
                            .type(MediaType.APPLICATION_JSON).build());
        });
    }

    /**
     * A chunk, or a whole list asked for as a Table; a chunk that is not the last carries the token of the next and,
     * without selectors, how many objects follow.
     */
    private Response listResponse(ResourceType type, ListPage page, String accept) {
        ObjectNode list = wantsTable(accept)
                ? new TablePrinter(json, Clock.systemUTC()).table(type, page.items(), Long.toString(page.revision()))
                : plainList(type, page);
        if (page.next() != null) {
            ObjectNode metadata = ((ObjectNode) list.get("metadata")).put("continue", page.next());
            if (page.remainingCount() >= 0) {
                metadata.put("remainingItemCount", page.remainingCount());
            }
        }
        return Response.ok(list).type(wantsTable(accept) ? TABLE : MediaType.APPLICATION_JSON).build();
    }

    private ObjectNode plainList(ResourceType type, ListPage page) {
        ObjectNode list = json.createObjectNode();
        list.put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(page.revision()));
        list.putArray("items").addAll(page.items());
        return list;
    }

    private Uni<Response> get(ResourceType type, String namespace, String name, String accept) {
        return objects.get(type, namespace, name).map(object -> wantsTable(accept)
                ? table(type, List.of(object), object.path("metadata").path("resourceVersion").asText())
                : Response.ok(object).build());
    }

    private Uni<Response> create(ResourceType type, String namespace, String contentType, String validation,
            byte[] body) {
        JsonNode object = parse(bodies.toJson(contentType, body));
        List<String> warnings = checkFields(type, object, validation);
        return objects.create(type, namespace, ObjectService.asObject(object), manager())
                .map(created -> withWarnings(Response.status(201).entity(created), warnings));
    }

    private Uni<Response> replace(ResourceType type, String namespace, String name, String subresource,
            String contentType, String validation, byte[] body) {
        JsonNode object = parse(bodies.toJson(contentType, body));
        if (subresource.isEmpty() || subresource.equals(Subresource.STATUS)) {
            subresource(type, subresource, "update");
            List<String> warnings = checkFields(type, object, validation);
            ObjectNode replacement = ObjectService.asObject(object);
            ObjectRules.checkTypeMatchesUrl(type, replacement);
            ObjectRules.checkNamespaceMatchesUrl(type, replacement, namespace);
            ObjectRules.checkNameMatchesUrl(replacement, name);
            String uid = Preconditions.uidOf(replacement);
            return objects.update(type, namespace, name, !subresource.isEmpty(), manager(), current -> {
                Preconditions.uid(type.qualifiedPlural(), name, uid, Preconditions.uidOf(current));
                return replacement;
            }).map(updated -> withWarnings(Response.ok(updated), warnings));
        }
        Subresource sub = subresource(type, subresource, "update");
        if (!sub.name().equals(Subresource.SCALE)) {
            throw notServed(type, sub);
        }
        return subresources.updateScale(type, namespace, name, manager(), scale -> ObjectService.asObject(object))
                .map(scale -> Response.ok(scale).build());
    }

    private Uni<Response> patch(ResourceType type, String namespace, String name, String subresource,
            String contentType, String validation, String body) {
        String mediaType = Patches.mediaType(contentType);
        if (mediaType.equals(Patches.APPLY_PATCH)) {
            if (!subresource.isEmpty()) {
                throw ApiException.unsupportedMediaType("server-side apply of the " + subresource
                        + " subresource is not supported; apply the object");
            }
            JsonNode config = parseYaml(body);
            List<String> warnings = checkFields(type, config, validation);
            return objects.apply(type, namespace, name, ObjectService.asObject(config), query().text("fieldManager"),
                    query().flag("force")).map(applied -> withWarnings(Response.ok(applied), warnings));
        }
        JsonNode patch = parse(body);
        if (subresource.isEmpty() || subresource.equals(Subresource.STATUS)) {
            subresource(type, subresource, "patch");
            List<String> warnings = mediaType.equals(Patches.JSON_PATCH) ? List.of()
                    : checkFields(type, patch, validation);
            return objects.update(type, namespace, name, !subresource.isEmpty(), manager(), current -> {
                ObjectRules.metadata(current).remove("resourceVersion");
                String stored = Preconditions.uidOf(current);
                ObjectNode patched = patches.apply(mediaType, patch, current, type.model());
                Preconditions.uid(type.qualifiedPlural(), name, Preconditions.uidOf(patched), stored);
                return patched;
            }).map(updated -> withWarnings(Response.ok(updated), warnings));
        }
        Subresource sub = subresource(type, subresource, "patch");
        if (!sub.name().equals(Subresource.SCALE)) {
            throw notServed(type, sub);
        }
        return subresources.updateScale(type, namespace, name, manager(), scale -> {
            scale.with("metadata").remove("resourceVersion");
            return patches.apply(mediaType, patch, scale,
                    io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class);
        }).map(scale -> Response.ok(scale).build());
    }

    private Uni<JsonNode> delete(ResourceType type, String namespace, String name, String contentType,
            String policy, byte[] body) {
        OptionalLong grace = query().integer("gracePeriodSeconds");
        JsonNode options = body == null || body.length == 0 ? json.createObjectNode()
                : parse(bodies.toJson(contentType, body));
        return objects.delete(type, namespace, name, DeleteOptions.of(options, grace, policy));
    }

    /** deletecollection: deletes each selected object (Background propagation); answers with what was there. */
    private Uni<JsonNode> deleteCollection(ResourceType type, String namespace) {
        ListOptions selection = ListOptions.of(query());
        return objects.list(type, namespace, selection.labelSelector(), selection.fieldSelector())
                .chain(listed -> Multi.createFrom()
                .iterable(listed.items())
                .onItem().transformToUniAndConcatenate(item -> objects.delete(type,
                        item.path("metadata").path("namespace").asText(""), item.path("metadata").path("name").asText(),
                        DeleteOptions.DEFAULT).onFailure(e -> e instanceof ApiException api
                                && api.status().getCode() == 404).recoverWithNull())
                .collect().asList()
                .map(deleted -> {
                    ObjectNode list = json.createObjectNode();
                    list.put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
                    list.putObject("metadata");
                    list.putArray("items").addAll(deleted);
                    return list;
                }));
    }

    private Uni<Response> getSubresource(ResourceType type, String namespace, String name, String subresource,
            String accept) {
        Subresource sub = subresource(type, subresource, "get");
        return switch (sub.name()) {
            case Subresource.STATUS -> get(type, namespace, name, accept);
            case Subresource.SCALE -> subresources.scale(type, namespace, name).map(s -> Response.ok(s).build());
            default -> throw notServed(type, sub);
        };
    }

    /**
     * The fields of a request body that its kind does not have: with {@code fieldValidation=Strict} a 400, with
     * {@code Warn} (the default) warnings for the response, with {@code Ignore} nothing.
     */
    private List<String> checkFields(ResourceType type, JsonNode body, String validation) {
        String mode = validation == null || validation.isEmpty() ? "Warn" : validation;
        if (!List.of("Strict", "Warn", "Ignore").contains(mode)) {
            throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + mode
                    + "\": supported values: \"Ignore\", \"Warn\", \"Strict\"");
        }
        if (mode.equals("Ignore")) {
            return List.of();
        }
        List<String> unknown = schema.unknownFields(body, schema.type(type.model())).stream()
                .map(field -> "unknown field " + GoStrings.quote(field)).toList();
        if (mode.equals("Strict") && !unknown.isEmpty()) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
                    + String.join(", ", unknown));
        }
        return unknown;
    }

    /**
     * Who is writing, for managedFields: the {@code fieldManager} parameter, else the client's User-Agent up to
     * its first slash, as kube-apiserver does.
     */
    private String manager() {
        String manager = query().text("fieldManager");
        if (manager != null && !manager.isEmpty()) {
            return manager;
        }
        String agent = request.getCurrent().request().getHeader("User-Agent");
        return agent == null || agent.isBlank() ? "unknown" : agent.split("/")[0].trim();
    }

    /** The request's query, read as kube-apiserver reads it. */
    private QueryParameters query() {
        return QueryParameters.of(request.getCurrent().request());
    }

    private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper YAML =
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

    private JsonNode parseYaml(String body) {
        try {
            JsonNode parsed = body == null || body.isBlank() ? null : YAML.readTree(body);
            if (parsed == null || !parsed.isObject()) {
                throw ApiException.badRequest("the apply patch must be a YAML or JSON object");
            }
            return LoneSurrogates.mayHold(body) ? LoneSurrogates.replace(parsed) : parsed;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the apply patch could not be decoded: " + e.getOriginalMessage());
        }
    }

    private static Response withWarnings(Response.ResponseBuilder response, List<String> warnings) {
        warnings.forEach(warning -> GoStrings.warningHeader(warning).ifPresent(value -> response.header("Warning",
                value)));
        return response.build();
    }

    private Response table(ResourceType type, List<JsonNode> objects, String resourceVersion) {
        return Response.ok(new TablePrinter(json, Clock.systemUTC()).table(type, objects, resourceVersion))
                .type(TABLE).build();
    }

    private static boolean wantsTable(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /**
     * A request body as JSON; none at all (a bare DELETE, an eviction) is an empty object. Lone surrogates become
     * U+FFFD, as kube-apiserver reads them.
     */
    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        JsonNode parsed = objects.parse(body);
        return LoneSurrogates.mayHold(body) ? LoneSurrogates.replace(parsed) : parsed;
    }

    private ResourceType type(String plural) {
        return catalog.find(group(), version(), plural)
                .orElseThrow(() -> ApiException.resourceNotFound(pathOf(plural)));
    }

    private ResourceType clusterScoped(String plural) {
        ResourceType type = type(plural);
        if (type.namespaced()) {
            throw ApiException.resourceNotFound(pathOf(plural));
        }
        return type;
    }

    private ResourceType namespaced(String plural) {
        ResourceType type = type(plural);
        if (!type.namespaced()) {
            throw ApiException.resourceNotFound(pathOf(plural));
        }
        return type;
    }

    private boolean isNamespaceSubresource(String name) {
        return group().isEmpty() && catalog.find("", "v1", name).isEmpty()
                && type("namespaces").subresource(name).isPresent();
    }

    /** The subresource of that name, which must allow the verb (404 for an unknown one, 405 otherwise). */
    private Subresource subresource(ResourceType type, String name, String verb) {
        if (name.isEmpty()) {
            return null;
        }
        Subresource sub = type.subresource(name)
                .orElseThrow(() -> ApiException.resourceNotFound(pathOf(type.plural()) + "/" + name));
        if (!sub.verbs().contains(verb)) {
            throw ApiException.of(405, "MethodNotAllowed", "the server does not allow this method on the "
                    + "requested resource (" + verb + " " + type.qualifiedPlural() + "/" + name + ")");
        }
        return sub;
    }

    private static ApiException notServed(ResourceType type, Subresource sub) {
        return ApiException.of(501, "NotImplemented", "the subresource " + type.plural() + "/" + sub.name()
                + " is not served by this gateway yet");
    }

    private String pathOf(String plural) {
        return (group().isEmpty() ? "/api/" + version() : "/apis/" + group() + "/" + version()) + "/" + plural;
    }
}

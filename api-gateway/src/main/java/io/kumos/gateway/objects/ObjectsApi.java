package io.kumos.gateway.objects;

import java.time.Clock;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.printing.TablePrinter;
import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * The object endpoints of one API group-version, the same for {@code /api/v1} and {@code /apis/<g>/<v>}:
 * {@code [namespaces/<ns>/]<plural>[/<name>]}. Subclasses fix the group-version and add its discovery document.
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
    ObjectMapper json;

    /** The group ({@code ""} for core) and version this endpoint serves. */
    protected abstract String group();

    protected abstract String version();

    // --- cluster-scoped objects, and lists across all namespaces

    @GET
    @Path("{plural}")
    public Uni<Response> listAll(@PathParam("plural") String plural, @HeaderParam("Accept") String accept,
            @QueryParam("labelSelector") String labels, @QueryParam("fieldSelector") String fields) {
        return list(type(plural), "", accept, labels, fields);
    }

    @GET
    @Path("{plural}/{name}")
    public Uni<JsonNode> getClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name) {
        return objects.get(clusterScoped(plural), "", name);
    }

    @POST
    @Path("{plural}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createClusterScoped(@PathParam("plural") String plural,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return created(objects.create(clusterScoped(plural), "", RequestBodies.toJson(contentType, body)));
    }

    @PUT
    @Path("{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> replaceClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return objects.replace(clusterScoped(plural), "", name, RequestBodies.toJson(contentType, body));
    }

    @PATCH
    @Path("{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> patchClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, String body) {
        return objects.patch(clusterScoped(plural), "", name, mergePatch(contentType, body));
    }

    @DELETE
    @Path("{plural}/{name}")
    public Uni<JsonNode> deleteClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name) {
        return objects.delete(clusterScoped(plural), "", name);
    }

    // --- namespaced objects

    @GET
    @Path("namespaces/{namespace}/{plural}")
    public Uni<Response> listNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @HeaderParam("Accept") String accept,
            @QueryParam("labelSelector") String labels, @QueryParam("fieldSelector") String fields) {
        return list(namespaced(plural), namespace, accept, labels, fields);
    }

    @GET
    @Path("namespaces/{namespace}/{plural}/{name}")
    public Uni<JsonNode> getNamespaced(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
            @PathParam("name") String name) {
        return objects.get(namespaced(plural), namespace, name);
    }

    @POST
    @Path("namespaces/{namespace}/{plural}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @HeaderParam("Content-Type") String contentType, byte[] body) {
        return created(objects.create(namespaced(plural), namespace, RequestBodies.toJson(contentType, body)));
    }

    @PUT
    @Path("namespaces/{namespace}/{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> replaceNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return objects.replace(namespaced(plural), namespace, name, RequestBodies.toJson(contentType, body));
    }

    @PATCH
    @Path("namespaces/{namespace}/{plural}/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> patchNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name,
            @HeaderParam("Content-Type") String contentType, String body) {
        return objects.patch(namespaced(plural), namespace, name, mergePatch(contentType, body));
    }

    @DELETE
    @Path("namespaces/{namespace}/{plural}/{name}")
    public Uni<JsonNode> deleteNamespaced(@PathParam("namespace") String namespace,
            @PathParam("plural") String plural, @PathParam("name") String name) {
        return objects.delete(namespaced(plural), namespace, name);
    }

    // ---

    private Uni<Response> list(ResourceType type, String namespace, String accept, String labels, String fields) {
        return objects.list(type, namespace, labels, fields).map(listed -> {
            if (accept != null && accept.contains("as=Table")) {
                return Response.ok(new TablePrinter(json, Clock.systemUTC())
                        .table(type, listed.items(), Long.toString(listed.revision()))).type(TABLE).build();
            }
            ObjectNode list = json.createObjectNode();
            list.put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
            list.putObject("metadata").put("resourceVersion", Long.toString(listed.revision()));
            list.putArray("items").addAll(listed.items());
            return Response.ok(list).build();
        });
    }

    private static Uni<Response> created(Uni<JsonNode> object) {
        return object.map(created -> Response.status(201).entity(created).build());
    }

    /** Merge and strategic merge patches are served; JSON patch and server-side apply come later. */
    private static String mergePatch(String contentType, String body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!type.equals("application/merge-patch+json") && !type.equals("application/strategic-merge-patch+json")) {
            throw ApiException.unsupportedMediaType("the patch type " + type + " is not supported yet; "
                    + "use application/merge-patch+json or application/strategic-merge-patch+json");
        }
        return body;
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

    private String pathOf(String plural) {
        return (group().isEmpty() ? "/api/" + version() : "/apis/" + group() + "/" + version()) + "/" + plural;
    }
}

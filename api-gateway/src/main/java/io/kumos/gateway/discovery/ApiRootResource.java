package io.kumos.gateway.discovery;

import java.util.Arrays;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api} and {@code GET /apis}: the roots of discovery. A client that accepts the aggregated document
 * ({@code as=APIGroupDiscoveryList}, v2 or v2beta1) gets it, with the content type naming the version, which is
 * how kubectl tells it from the legacy one; any other client gets the legacy document.
 */
@Path("/")
public class ApiRootResource {

    private static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=%s;as=APIGroupDiscoveryList";

    private final DiscoveryDocuments documents;

    ApiRootResource(DiscoveryDocuments documents) {
        this.documents = documents;
    }

    @GET
    @Path("api")
    public Response api(@HeaderParam("Host") String host, @HeaderParam("Accept") String accept) {
        return aggregatedVersion(accept)
                .map(version -> aggregated(documents.aggregated(true, version), version))
                .orElseGet(() -> Response.ok(documents.coreVersions(host == null ? "127.0.0.1" : host))
                        .type(MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("apis")
    public Response apis(@HeaderParam("Accept") String accept) {
        return aggregatedVersion(accept)
                .map(version -> aggregated(documents.aggregated(false, version), version))
                .orElseGet(() -> Response.ok(documents.groups()).type(MediaType.APPLICATION_JSON).build());
    }

    private static Response aggregated(Object document, String version) {
        return Response.ok(document).type(AGGREGATED.formatted(version)).build();
    }

    /**
     * The first aggregated discovery version the Accept header names ({@code v2} or {@code v2beta1}), in the
     * client's order of preference.
     */
    static Optional<String> aggregatedVersion(String accept) {
        if (accept == null) {
            return Optional.empty();
        }
        return Arrays.stream(accept.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(MediaType::valueOf)
                .filter(type -> "APIGroupDiscoveryList".equals(type.getParameters().get("as"))
                        && "apidiscovery.k8s.io".equals(type.getParameters().get("g")))
                .map(type -> type.getParameters().get("v"))
                .filter(v -> "v2".equals(v) || "v2beta1".equals(v))
                .findFirst();
    }
}

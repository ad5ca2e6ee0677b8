package io.kumos.gateway.discovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIVersions;

/**
 * {@code GET /api} and {@code GET /apis}: the roots of discovery. Legacy documents only, whatever the Accept
 * header asks; kubectl falls back to them on every version it supports.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ApiRootResource {

    private final DiscoveryDocuments documents;

    ApiRootResource(DiscoveryDocuments documents) {
        this.documents = documents;
    }

    @GET
    @Path("api")
    public APIVersions api(@HeaderParam("Host") String host) {
        return documents.coreVersions(host == null ? "127.0.0.1" : host);
    }

    @GET
    @Path("apis")
    public APIGroupList apis() {
        return documents.groups();
    }
}

package io.kumos.gateway.objects;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.kumos.gateway.discovery.DiscoveryDocuments;
import io.kumos.gateway.status.ApiException;

/** {@code /apis/<group>/<version>}: the named groups. */
@Path("/apis/{group}/{version}")
public class GroupObjectsResource extends ObjectsApi {

    @Inject
    DiscoveryDocuments discovery;

    @PathParam("group")
    String group;

    @PathParam("version")
    String version;

    @GET
    public APIResourceList discovery() {
        APIResourceList resources = discovery.resources(group, version);
        if (resources.getResources().isEmpty()) {
            throw ApiException.resourceNotFound("/apis/" + group + "/" + version);
        }
        return resources;
    }

    @Override
    protected String group() {
        return group;
    }

    @Override
    protected String version() {
        return version;
    }
}

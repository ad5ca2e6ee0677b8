package io.kumos.gateway.objects;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.kumos.gateway.discovery.DiscoveryDocuments;

/** {@code /api/v1}: the legacy core group. */
@Path("/api/v1")
public class CoreObjectsResource extends ObjectsApi {

    @Inject
    DiscoveryDocuments discovery;

    @GET
    public APIResourceList discovery() {
        return discovery.resources("", "v1");
    }

    @Override
    protected String group() {
        return "";
    }

    @Override
    protected String version() {
        return "v1";
    }
}

package io.kumos.gateway.discovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /version}: what {@code kubectl version} prints as the Server Version. */
@Path("/version")
public class VersionResource {

    private final ServerVersion version;

    VersionResource(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String kumosVersion,
            @ConfigProperty(name = "kumos.build.date", defaultValue = "") String buildDate) {
        this.version = ServerVersion.of(kumosVersion, buildDate);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServerVersion get() {
        return version;
    }
}

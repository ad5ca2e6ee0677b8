package io.kumos.gateway.cluster;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.kumos.grid.components.ComponentDirectory;
import io.kumos.grid.components.ComponentRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code GET /gateway/v1/cluster}: the cluster's identity (from the record) and the control-plane components
 * currently announced in the grid.
 */
@Path("/gateway/v1/cluster")
public class ClusterResource {

    /** The response body. */
    public record ClusterView(UUID uid, OffsetDateTime createdAt, List<ComponentRecord> components) {
    }

    private final ClusterIdentityStore identities;
    private final ComponentDirectory directory;

    ClusterResource(ClusterIdentityStore identities, ComponentDirectory directory) {
        this.identities = identities;
        this.directory = directory;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ClusterView> get() {
        // The Hot Rod iteration blocks: keep it off the event loop.
        Uni<List<ComponentRecord>> components = Uni.createFrom().item(directory::list)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return identities.identity().chain(identity -> components
                .map(list -> new ClusterView(identity.uid(), identity.createdAt(), list)));
    }
}

package io.kumos.health.nodes;

import java.time.Clock;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /health/v1/stats}: what the node lifecycle controller sees and has done (see {@link LifecycleStats}). */
@Path("/health/v1/stats")
public class LifecycleStatsResource {

    private final LifecycleStats stats;

    LifecycleStatsResource(LifecycleStats stats) {
        this.stats = stats;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode stats() {
        return stats.toJson(Clock.systemUTC().instant());
    }
}

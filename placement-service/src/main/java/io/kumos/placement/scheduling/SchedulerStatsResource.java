package io.kumos.placement.scheduling;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /placement/v1/stats}: what the scheduler has done ({@link SchedulerStats}). */
@Path("/placement/v1/stats")
public class SchedulerStatsResource {

    private final SchedulerStats stats;

    SchedulerStatsResource(SchedulerStats stats) {
        this.stats = stats;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode stats() {
        return stats.toJson();
    }
}

package io.kumos.health;

import java.time.Clock;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.health.nodes.LifecycleStats;
import io.kumos.health.pods.RescheduleStats;

/**
 * {@code GET /health/v1/stats}: what the node lifecycle controller sees and has done ({@link LifecycleStats}) and
 * what the rescheduler has done ({@link RescheduleStats}), in one document.
 */
@Path("/health/v1/stats")
public class HealthStatsResource {

    private final LifecycleStats lifecycle;
    private final RescheduleStats reschedules;

    HealthStatsResource(LifecycleStats lifecycle, RescheduleStats reschedules) {
        this.lifecycle = lifecycle;
        this.reschedules = reschedules;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode stats() {
        ObjectNode json = lifecycle.toJson(Clock.systemUTC().instant());
        reschedules.addTo(json);
        return json;
    }
}

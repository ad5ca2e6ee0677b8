package io.kumos.health.pods;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the rescheduler has done, for {@code GET /health/v1/stats}: {@code reschedulesTotal} (pods evicted because
 * they kept failing on their node, counted when the API accepted the deletion), {@code notRescheduledTotal} (failing
 * pods left where they are, each counted once) and {@code avoidedNodes} (nodes whose avoid-list holds an entry of
 * health-service's, as of the last pass).
 *
 * <p>Threading: written by the rescheduler's thread, read by HTTP requests; every field is safe to read at any time.
 */
@Singleton
public class RescheduleStats {

    private final AtomicLong reschedules = new AtomicLong();
    private final AtomicLong notRescheduled = new AtomicLong();
    private volatile int avoidedNodes;

    void rescheduled() {
        reschedules.incrementAndGet();
    }

    void notRescheduled() {
        notRescheduled.incrementAndGet();
    }

    void avoidedNodes(int nodes) {
        avoidedNodes = nodes;
    }

    public long reschedules() {
        return reschedules.get();
    }

    /** Adds this controller's figures to the stats document. */
    public void addTo(ObjectNode json) {
        json.put("reschedulesTotal", reschedules.get()).put("notRescheduledTotal", notRescheduled.get())
                .put("avoidedNodes", avoidedNodes);
    }
}

package io.kumos.placement.scheduling;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the scheduler has done, for {@code GET /placement/v1/stats}: passes, decisions (scheduling cycles, whatever
 * their outcome) and pods bound, each with the time spent in it, so that a benchmark can tell the scheduler's own
 * rate (decisions per second of deciding) from what the API's binds allow. Totals since start, in milliseconds.
 *
 * <p>Threading: written by the scheduler's thread, read by HTTP requests; every field is safe to read at any time.
 */
@Singleton
public class SchedulerStats {

    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong readNanos = new AtomicLong();
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong decisionNanos = new AtomicLong();
    private final AtomicLong binds = new AtomicLong();
    private final AtomicLong bindNanos = new AtomicLong();

    /** A pass read the cluster from the informers in that time. */
    void read(long nanos) {
        passes.incrementAndGet();
        readNanos.addAndGet(nanos);
    }

    /** One pod went through its profile's filters and scores in that time. */
    void decided(long nanos) {
        decisions.incrementAndGet();
        decisionNanos.addAndGet(nanos);
    }

    /** A pod went through reserve, permit and bind in that time ({@code bound}: its room is taken). */
    void bindCycle(long nanos, boolean bound) {
        if (bound) {
            binds.incrementAndGet();
        }
        bindNanos.addAndGet(nanos);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putObject("scheduler").put("passes", passes.get()).put("readMillis", millis(readNanos))
                .put("decisions", decisions.get()).put("decisionMillis", millis(decisionNanos))
                .put("binds", binds.get()).put("bindMillis", millis(bindNanos));
        return json;
    }

    private static double millis(AtomicLong nanos) {
        return nanos.get() / 1e6;
    }
}

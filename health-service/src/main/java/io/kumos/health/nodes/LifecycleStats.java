package io.kumos.health.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the node lifecycle controller has done and sees, for {@code GET /health/v1/stats}: totals of its writes
 * (counted when the API accepted them), the detection latency of unreachable nodes (from when this replica last
 * heard from the node to when it declared it Unknown: the grace plus up to one monitor period), and the last pass's
 * view of every node.
 *
 * <p>Threading: written by the controller's thread, read by HTTP requests; every field is safe to read at any time.
 */
@Singleton
public class LifecycleStats {

    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong podsMarkedNotReady = new AtomicLong();
    private final AtomicLong notReadyTransitions = new AtomicLong();
    private final AtomicLong lastDetectionMillis = new AtomicLong(-1);
    private final AtomicLong maxDetectionMillis = new AtomicLong(-1);
    private volatile Map<String, NodeHealth.State> nodes = Map.of();
    private volatile Map<String, Instant> lastHeard = Map.of();
    private volatile boolean leader;
    private volatile boolean fullDisruption;

    void evicted() {
        evictions.incrementAndGet();
    }

    void podMarkedNotReady() {
        podsMarkedNotReady.incrementAndGet();
    }

    void nodeWentNotReady() {
        notReadyTransitions.incrementAndGet();
    }

    /** A node was declared unreachable, this long after it was last heard from. */
    void declaredUnknown(Duration latency) {
        lastDetectionMillis.set(latency.toMillis());
        maxDetectionMillis.accumulateAndGet(latency.toMillis(), Math::max);
    }

    /** The view of the last pass (or none, when this replica does not lead). */
    void passed(boolean leading, Map<String, NodeHealth.State> states, Map<String, Instant> heard,
            boolean disrupted) {
        this.leader = leading;
        this.nodes = Map.copyOf(states);
        this.lastHeard = Map.copyOf(heard);
        this.fullDisruption = disrupted;
    }

    public long evictions() {
        return evictions.get();
    }

    public long podsMarkedNotReady() {
        return podsMarkedNotReady.get();
    }

    public long notReadyTransitions() {
        return notReadyTransitions.get();
    }

    public ObjectNode toJson(Instant now) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("leader", leader).put("fullDisruption", fullDisruption);
        ObjectNode byCondition = json.putObject("nodes");
        byCondition.put("ready", count(NodeHealth.State.READY)).put("notReady", count(NodeHealth.State.NOT_READY))
                .put("unknown", count(NodeHealth.State.UNKNOWN));
        json.put("evictionsTotal", evictions.get()).put("podsMarkedNotReadyTotal", podsMarkedNotReady.get())
                .put("nodeNotReadyTransitionsTotal", notReadyTransitions.get());
        ObjectNode detection = json.putObject("detectionLatencyMillis");
        putMillis(detection, "last", lastDetectionMillis.get());
        putMillis(detection, "max", maxDetectionMillis.get());
        ObjectNode perNode = json.putObject("perNode");
        Map<String, NodeHealth.State> states = nodes;
        new TreeMap<>(lastHeard).forEach((node, heard) -> perNode.putObject(node)
                .put("state", String.valueOf(states.get(node)))
                .put("lastHeardAgeMillis", Math.max(0, Duration.between(heard, now).toMillis())));
        return json;
    }

    private long count(NodeHealth.State state) {
        return nodes.values().stream().filter(state::equals).count();
    }

    private static void putMillis(ObjectNode json, String field, long millis) {
        if (millis < 0) {
            json.putNull(field);
        } else {
            json.put(field, millis);
        }
    }
}

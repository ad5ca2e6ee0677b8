package io.kumos.network.ipam;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when this process has seen each node gone (no Node object, no heartbeat), pass after pass. A node seen
 * present even once starts over. Only what this process watched counts: a network-service that restarted waits a
 * whole grace again rather than trust that nobody saw the node meanwhile, which delays a reclaim but never hastens
 * one. Thread-safe.
 */
final class NodeAbsence {

    private final Map<String, Instant> goneSince = new ConcurrentHashMap<>();

    /** Records what a pass saw of the node at {@code now}; returns for how long it has been gone (zero if present). */
    Duration observe(String node, boolean present, Instant now) {
        if (present) {
            goneSince.remove(node);
            return Duration.ZERO;
        }
        Instant since = goneSince.computeIfAbsent(node, n -> now);
        return since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
    }

    /** Forgets every node but these (those that still hold a subnet). */
    void retainOnly(Set<String> nodes) {
        goneSince.keySet().retainAll(nodes);
    }
}

package io.kumos.testing.hollow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;
import io.kumos.grid.nodes.NodeHeartbeat;

/**
 * The grid heartbeats of a whole fleet, renewed together: one {@code putAll} per {@value #BATCH} nodes, each entry
 * with the lifespan a node agent gives its own (four periods), so that a fleet that stops beating drops out as dead
 * hosts do. health-service hears a node when its entry's renewal time changes.
 *
 * <p>Threading: {@link #beat} from one thread at a time (it blocks on Hot Rod).
 */
final class Heartbeats {

    private static final int BATCH = 1000;

    private final RemoteCache<String, NodeHeartbeat> cache;
    private final List<String> nodes;
    private final long lifespanMillis;

    Heartbeats(RemoteCacheManager grid, List<String> nodes, long periodMillis) {
        this.cache = GridCaches.open(grid, GridCaches.NODE_HEARTBEATS);
        this.nodes = List.copyOf(nodes);
        this.lifespanMillis = 4 * periodMillis;
    }

    /** Renews every node's heartbeat as of now. */
    void beat() {
        long now = System.currentTimeMillis();
        Map<String, NodeHeartbeat> batch = new HashMap<>();
        for (String node : nodes) {
            // No agent answers there: pods/log and exec to a hollow node fail, as they would to a dead host.
            batch.put(node, new NodeHeartbeat(node, "127.0.0.1:0", now, true));
            if (batch.size() == BATCH) {
                cache.putAll(batch, lifespanMillis, TimeUnit.MILLISECONDS);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            cache.putAll(batch, lifespanMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Removes the fleet's heartbeats: its nodes are silent from now on. */
    void stop() {
        for (String node : nodes) {
            cache.remove(node);
        }
    }
}

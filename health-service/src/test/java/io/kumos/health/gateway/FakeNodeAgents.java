package io.kumos.health.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.infinispan.client.hotrod.RemoteCacheManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.nodes.NodeHeartbeat;

/**
 * Node agents that only heartbeat: every 500 ms each beating node renews its entry in the real grid's
 * {@code kumos-node-heartbeats} (with a lifespan of four agent periods, as a node agent writes it), then posts its
 * status through the {@link FakeApiGateway} if the Node's Ready is not True (Ready True, the others False).
 */
public final class FakeNodeAgents implements AutoCloseable {

    private final RemoteCacheManager grid;
    private final FakeApiGateway api;
    private final Set<String> beating = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();

    public FakeNodeAgents(RemoteCacheManager grid, FakeApiGateway api) {
        this.grid = grid;
        this.api = api;
        agents.scheduleAtFixedRate(this::heartbeat, 0, 500, TimeUnit.MILLISECONDS);
    }

    public void start(String node) {
        beating.add(node);
    }

    public void stop(String node) {
        beating.remove(node);
    }

    private void heartbeat() {
        for (String node : beating) {
            GridCaches.<String, NodeHeartbeat>open(grid, GridCaches.NODE_HEARTBEATS).put(node,
                    new NodeHeartbeat(node, "127.0.0.1:7450", System.currentTimeMillis(), true), 2,
                    TimeUnit.SECONDS);
            ObjectNode current = api.get("core/nodes", "", node);
            if (current != null && !"True".equals(ready(current))) {
                current.withArray("/status/conditions").forEach(condition -> ((ObjectNode) condition).put("status",
                        "Ready".equals(condition.path("type").asText()) ? "True" : "False"));
                api.put(current);
            }
        }
    }

    private static String ready(JsonNode node) {
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    /** Stops beating and removes every heartbeat from the grid. */
    @Override
    public void close() {
        agents.shutdownNow();
        GridCaches.<String, NodeHeartbeat>open(grid, GridCaches.NODE_HEARTBEATS).clear();
    }
}

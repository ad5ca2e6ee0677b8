package io.kumos.network.ipam;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.kumos.grid.objects.GridObject;

/**
 * Writes into the real grid what the api-gateway and the node agents would: the projection's marker, pods, Services,
 * Node objects and heartbeats, so that the reconciler sees the cluster a test describes without those services.
 * Each change returns once the service's informers hold it, as the reconciler reads them.
 */
final class ClusterFixture {

    private static final String NAMESPACE = "ipam-it";
    /** What the reconciler reads of the projection. */
    private static final List<String> RESOURCES = List.of("core/pods", "core/nodes", "core/services");

    /** Informers see a change within milliseconds, the marker within their check period (1 s). */
    private static final Duration SEEN = Duration.ofSeconds(15);

    private final RemoteCacheManager grid;
    private final SharedInformers informers;

    ClusterFixture(RemoteCacheManager grid, SharedInformers informers) {
        this.grid = grid;
        this.informers = informers;
    }

    /**
     * The projection is complete: absent objects are gone. A marker already there is kept: a new one is a new epoch,
     * which the informers would list again, not current meanwhile.
     */
    ClusterFixture projected() {
        objects().putIfAbsent(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        await().atMost(SEEN).until(() -> RESOURCES.stream().allMatch(r -> informers.informer(r).isCurrent()));
        return this;
    }

    /** The projection is being rebuilt, as after a restart of the grid. */
    void unprojected() {
        objects().remove(GridObject.PROJECTION_MARKER);
        await().atMost(SEEN).until(() -> RESOURCES.stream().noneMatch(r -> informers.informer(r).isCurrent()));
    }

    void pod(String uid) {
        put(new GridObject("core/pods", NAMESPACE, uid, 1, false, "{\"metadata\":{\"uid\":\"" + uid + "\"}}"));
    }

    /** A Service holding that cluster IP (none if null) and those node ports. */
    void service(String uid, String clusterIP, int... nodePorts) {
        StringBuilder ports = new StringBuilder();
        for (int port : nodePorts) {
            ports.append(ports.isEmpty() ? "" : ",").append("{\"port\":80,\"nodePort\":").append(port).append('}');
        }
        String ip = clusterIP == null ? ""
                : "\"clusterIP\":\"" + clusterIP + "\",\"clusterIPs\":[\"" + clusterIP + "\"],";
        put(new GridObject("core/services", NAMESPACE, uid, 1, false, "{\"metadata\":{\"uid\":\"" + uid + "\"},"
                + "\"spec\":{" + ip + "\"ports\":[" + ports + "]}}"));
    }

    void node(String name) {
        put(new GridObject("core/nodes", "", name, 1, false, "{\"metadata\":{\"name\":\"" + name + "\"}}"));
    }

    /** The Node is deleted: its projection becomes a tombstone. */
    void deleteNode(String name) {
        put(new GridObject("core/nodes", "", name, 2, true, "{\"metadata\":{\"name\":\"" + name + "\"}}"));
    }

    /** The node's agent heartbeats, with a lifespan longer than any test. */
    void heartbeat(String node) {
        heartbeats().put(node, new NodeHeartbeat(node, "127.0.0.1:1", System.currentTimeMillis(), true), 10,
                TimeUnit.MINUTES);
    }

    /** The node's heartbeat entry expired. */
    void stopHeartbeat(String node) {
        heartbeats().remove(node);
    }

    private void put(GridObject object) {
        objects().put(object.key(), object);
        await().atMost(SEEN).until(() -> informers.informer(object.resource()).store().revision(object.key())
                == (object.deleted() ? -1 : object.revision()));
    }

    private RemoteCache<String, GridObject> objects() {
        return GridCaches.open(grid, GridCaches.OBJECTS);
    }

    private RemoteCache<String, NodeHeartbeat> heartbeats() {
        return GridCaches.open(grid, GridCaches.NODE_HEARTBEATS);
    }
}

package io.kumos.gateway.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kumos.gateway.store.ChangeEvent;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every committed write reaches the grid in revision order, and the grid is rebuilt when it lost its state. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class GridProjectionIT {

    private static final String NS = "projection";

    @Inject
    RemoteCacheManager grid;

    @Inject
    GridProjection projection;

    private RemoteCache<String, GridObject> objects;

    @BeforeEach
    void namespace() {
        objects = GridCaches.open(grid, GridCaches.OBJECTS);
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + NS + "\"}}")
                .post("/api/v1/namespaces");
    }

    private static String key(String name) {
        return GridObject.key("core/configmaps", NS, name);
    }

    private GridObject awaitRevision(String name, long revision) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            GridObject projected = objects.get(key(name));
            return projected != null && projected.revision() == revision;
        });
        return objects.get(key(name));
    }

    private static long create(String name, String color) {
        return Long.parseLong(given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"color\":\"" + color + "\"}}")
                .post("/api/v1/namespaces/" + NS + "/configmaps").then().statusCode(201)
                .extract().<String>path("metadata.resourceVersion"));
    }

    @Test
    void createsUpdatesAndDeletesReachTheGrid() {
        long created = create("projected", "blue");
        GridObject first = awaitRevision("projected", created);
        assertFalse(first.deleted());
        assertTrue(first.json().contains("\"blue\""), first.json());

        long patched = Long.parseLong(given().contentType("application/merge-patch+json")
                .body("{\"data\":{\"color\":\"red\"}}").patch("/api/v1/namespaces/" + NS + "/configmaps/projected")
                .then().statusCode(200).extract().<String>path("metadata.resourceVersion"));
        assertTrue(awaitRevision("projected", patched).json().contains("\"red\""));

        long deleted = Long.parseLong(given().delete("/api/v1/namespaces/" + NS + "/configmaps/projected")
                .then().statusCode(200).extract().<String>path("metadata.resourceVersion"));
        assertTrue(awaitRevision("projected", deleted).deleted(), "a deletion leaves a tombstone");
    }

    @Test
    void aGridThatLostItsStateIsRebuiltFromTheRecord() {
        long created = create("rebuilt", "green");
        awaitRevision("rebuilt", created);
        objects.clear(); // what a grid restart looks like from here: nothing, not even the marker
        GridObject back = awaitRevision("rebuilt", created);
        assertNotNull(back);
        assertEquals(NS, back.namespace());
        await().atMost(Duration.ofSeconds(20)).until(() -> objects.containsKey(GridObject.PROJECTION_MARKER));
    }

    @Test
    void aRebuildRemovesWhatTheRecordNoLongerHolds() {
        long created = create("kept", "green");
        awaitRevision("kept", created);
        // An object deleted in the record whose deletion the grid never got (the gateway died in between).
        GridObject ghost = new GridObject("core/configmaps", NS, "ghost", created - 1, false, "{}");
        objects.put(ghost.key(), ghost);
        objects.remove(GridObject.PROJECTION_MARKER); // the grid lost track: the gateway rebuilds
        await().atMost(Duration.ofSeconds(20)).until(() -> objects.get(ghost.key()).deleted());
        assertFalse(objects.get(key("kept")).deleted());
        assertTrue(objects.containsKey(GridObject.PROJECTION_MARKER));
    }

    @Test
    void aChangeOlderThanTheMarkerNeverBringsBackAnObjectTheGridNoLongerHolds() {
        long created = create("late", "blue");
        awaitRevision("late", created);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> objects.get(GridObject.PROJECTION_MARKER).revision() >= created);
        objects.remove(key("late")); // its tombstone expired after a deletion
        projection.apply(new ChangeEvent(created, "ADDED", new ObjectKey("core/configmaps", NS, "late"), "{}"),
                objects.get(GridObject.PROJECTION_MARKER).revision()).await().atMost(Duration.ofSeconds(10));
        assertNull(objects.get(key("late")), "a replayed change below the marker was written");
    }

    @Test
    void aCreationProjectedLateNeverReplacesANewerEntry() {
        long created = create("overtaken", "blue");
        GridObject newer = new GridObject("core/configmaps", NS, "overtaken", created + 1000, false, "{}", "");
        objects.put(key("overtaken"), newer); // e.g. a later change of that object, projected by another gateway
        projection.apply(new ChangeEvent(created, "ADDED", new ObjectKey("core/configmaps", NS, "overtaken"), "{}"),
                created - 1).await().atMost(Duration.ofSeconds(10));
        assertEquals(created + 1000, objects.get(key("overtaken")).revision(), "an older creation replaced it");
    }

    @Test
    void aPodsEntryNamesItsNodeAndAnEntryWithoutItIsMendedAtTheSameRevision() {
        ObjectKey pod = new ObjectKey("core/pods", NS, "bound");
        String body = "{\"metadata\":{\"name\":\"bound\",\"namespace\":\"" + NS + "\"},"
                + "\"spec\":{\"nodeName\":\"node-7\"}}";
        // As a gateway of before entries named their node projected it.
        GridObject unnamed = new GridObject("core/pods", NS, "bound", 5, false, body, null);
        objects.put(unnamed.key(), unnamed);

        projection.apply(new ChangeEvent(5, "ADDED", pod, body), 0).await().atMost(Duration.ofSeconds(10));
        assertEquals("node-7", objects.get(unnamed.key()).node());

        projection.apply(new ChangeEvent(6, "DELETED", pod, body), 0).await().atMost(Duration.ofSeconds(10));
        GridObject tombstone = objects.get(unnamed.key());
        assertTrue(tombstone.deleted());
        assertEquals("node-7", tombstone.node(), "a tombstone still names the node, so its agent hears of it");
        objects.remove(unnamed.key());
    }

    @Test
    void aNodesEntryNamesTheNodeItselfAndOtherObjectsNoNode() {
        ObjectKey node = new ObjectKey("core/nodes", "", "node-8");
        projection.apply(new ChangeEvent(7, "ADDED", node, "{\"metadata\":{\"name\":\"node-8\"}}"), 0)
                .await().atMost(Duration.ofSeconds(10));
        String key = GridObject.key("core/nodes", "", "node-8");
        assertEquals("node-8", objects.get(key).node(), "its agent's informer selects it by this field");
        objects.remove(key);

        long revision = create("no-node", "red");
        assertEquals("", awaitRevision("no-node", revision).node());
    }

    @Test
    void theMarkerKeepsItsEpochAsItMovesUp() {
        await().atMost(Duration.ofSeconds(20)).until(() -> objects.containsKey(GridObject.PROJECTION_MARKER));
        GridObject before = objects.get(GridObject.PROJECTION_MARKER);
        long created = create("epoch", "blue");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> objects.get(GridObject.PROJECTION_MARKER).revision() >= created);
        assertEquals(before.epoch(), objects.get(GridObject.PROJECTION_MARKER).epoch());
    }
}

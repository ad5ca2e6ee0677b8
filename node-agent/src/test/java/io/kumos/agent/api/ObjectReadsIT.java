package io.kumos.agent.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a pod start reads comes from the real grid's projection; only what the grid does not hold is asked of the
 * API, which in these tests does not run ({@code %test.kumos.agent.api-url} is a closed port): an answer proves
 * that the grid gave it, a failure that the API was asked.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class ObjectReadsIT {

    private static final String NS = "object-reads";

    @Inject
    ObjectReads reads;

    @Inject
    RemoteCacheManager grid;

    private RemoteCache<String, GridObject> objects;

    @BeforeEach
    void projection() {
        objects = GridCaches.open(grid, GridCaches.OBJECTS);
    }

    @AfterEach
    void clean() {
        objects.remove(GridObject.PROJECTION_MARKER);
        objects.remove(GridObject.key("core/nodes", "", "test-node"));
        objects.remove(GridObject.key("core/configmaps", NS, "settings"));
        objects.remove(GridObject.key("core/secrets", NS, "gone"));
    }

    @Test
    void aConfigMapTheGridHoldsIsReadFromIt() {
        put(new GridObject("core/configmaps", NS, "settings", 40, false, "{\"data\":{\"greeting\":\"hi\"}}"));

        Optional<JsonNode> read = reads.namespaced("configmaps", NS, "settings");

        assertEquals("hi", read.orElseThrow().path("data").path("greeting").asText());
    }

    @Test
    void whatTheGridDoesNotHoldOrHoldsDeletedIsAskedOfTheApi() {
        put(new GridObject("core/secrets", NS, "gone", 41, true, "{\"data\":{}}"));

        assertThrows(RuntimeException.class, () -> reads.namespaced("secrets", NS, "gone"),
                "a tombstone is no answer: the API is asked");
        assertThrows(RuntimeException.class, () -> reads.namespaced("configmaps", NS, "never-projected"),
                "an absence in the grid is no answer: the API is asked");
    }

    @Test
    void theNodeComesFromItsInformerOnceTheGridHoldsACompleteProjection() {
        put(new GridObject("core/nodes", "", "test-node", 42, false, "{\"spec\":{\"podCIDR\":\"10.244.7.0/24\"}}",
                "test-node"));
        assertThrows(RuntimeException.class, reads::ownNode, "without a projection, the API is asked");

        put(GridObject.marker(42));

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertEquals(
                "10.244.7.0/24", reads.ownNode().orElseThrow().path("spec").path("podCIDR").asText()));
    }

    private void put(GridObject object) {
        objects.put(object.isProjectionMarker() ? GridObject.PROJECTION_MARKER : object.key(), object);
    }
}

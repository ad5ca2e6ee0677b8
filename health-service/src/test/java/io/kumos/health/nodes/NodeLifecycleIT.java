package io.kumos.health.nodes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.nodes.Taint;
import io.kumos.grid.objects.GridObject;
import io.kumos.health.gateway.FakeApiGateway;
import io.kumos.health.gateway.FakeApiGatewayResource;
import io.kumos.health.gateway.FakeNodeAgents;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The running controller against the real Infinispan Server: nodes, pods and heartbeats are read from the real grid
 * (the heartbeats written as a node agent writes them, with their lifespan), decisions are written to a
 * {@link FakeApiGateway} that projects them back into the grid as the api-gateway does. Two nodes, so the cluster
 * is never fully disrupted: one keeps beating, the other stops, then comes back.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
@WithTestResource(FakeApiGatewayResource.class)
class NodeLifecycleIT {

    private static final String DYING = "lifecycle-it-dying";
    private static final String STEADY = "lifecycle-it-steady";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RemoteCacheManager grid;

    private final FakeApiGateway api = FakeApiGatewayResource.gateway();
    private FakeNodeAgents agents;

    @BeforeEach
    void cluster() {
        api.projectInto(grid);
        GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS).put(GridObject.PROJECTION_MARKER,
                GridObject.marker(1));
        agents = new FakeNodeAgents(grid, api);
        for (String node : List.of(DYING, STEADY)) {
            api.put(TestObjects.node(node, "True"));
            agents.start(node);
        }
        // Tolerates unreachable for 1 s (as the gateway's default tolerations would, for 5 s).
        api.put(TestObjects.tolerate(TestObjects.pod("web-1", DYING), Taint.UNREACHABLE, "Exists",
                Taint.NO_EXECUTE, 1L));
        api.put(TestObjects.pod("web-2", STEADY));
    }

    @AfterEach
    void cleanUp() {
        agents.close();
        api.clear();
    }

    @Test
    void aNodeThatStopsBeatingGoesUnknownIsTaintedAndLosesItsPodsThenComesBackReady() {
        Instant stopped = Instant.now();
        agents.stop(DYING);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode node = api.get("core/nodes", "", DYING);
            assertEquals("Unknown", ready(node).path("status").asText());
            assertEquals("NodeStatusUnknown", ready(node).path("reason").asText());
            assertTrue(hasTaint(node, Taint.UNREACHABLE), node.toString());
        });
        Instant tainted = NodeTaints.of(api.get("core/nodes", "", DYING)).stream()
                .filter(taint -> taint.effect().equals(Taint.NO_EXECUTE)).findFirst().orElseThrow().timeAdded();
        assertTrue(!tainted.isBefore(stopped.plusSeconds(Long.parseLong(FakeApiGatewayResource.GRACE_SECONDS) - 1)),
                "not declared before the grace ran out: " + tainted + " vs " + stopped);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode pod = api.get("core/pods", "shop", "web-1");
            assertTrue(pod.at("/metadata").has("deletionTimestamp"), pod.toString());
            assertEquals("True", condition(pod, "DisruptionTarget").path("status").asText());
            assertEquals("DeletionByTaintManager", condition(pod, "DisruptionTarget").path("reason").asText());
            assertEquals("False", condition(pod, "Ready").path("status").asText());
        });
        JsonNode steady = api.get("core/nodes", "", STEADY);
        assertFalse(hasTaint(steady, Taint.UNREACHABLE));
        assertEquals("True", ready(steady).path("status").asText());
        assertFalse(api.get("core/pods", "shop", "web-2").at("/metadata").has("deletionTimestamp"));
        assertEquals(1, api.requests.stream().filter(r -> r.method().equals("DELETE")).count(),
                "one deletion, however many passes saw the pod");
        // Events follow the writes they tell of.
        await().atMost(WAIT).until(() -> reasons().containsAll(List.of("NodeNotReady", "TaintManagerEviction")));

        given().get("/health/v1/stats").then().statusCode(200)
                .body("leader", org.hamcrest.Matchers.is(true))
                .body("evictionsTotal", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("nodeNotReadyTransitionsTotal", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("detectionLatencyMillis.last", org.hamcrest.Matchers.greaterThanOrEqualTo(3000))
                .body("nodes.ready", org.hamcrest.Matchers.is(1))
                .body("nodes.unknown", org.hamcrest.Matchers.is(1));

        // The agent is back: it beats again, and posts its status (Ready True) once it sees the Unknown one.
        agents.start(DYING);

        await().atMost(WAIT).untilAsserted(() -> assertFalse(hasTaint(api.get("core/nodes", "", DYING),
                Taint.UNREACHABLE)));
        assertEquals("True", ready(api.get("core/nodes", "", DYING)).path("status").asText());
        await().atMost(WAIT).until(() -> reasons().contains("NodeReady"));
    }

    private List<String> reasons() {
        return api.events.stream().map(event -> event.path("reason").asText()).toList();
    }

    private static JsonNode ready(JsonNode node) {
        return NodeHealth.readyCondition(node);
    }

    private static JsonNode condition(JsonNode pod, String type) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return pod.path("missing");
    }

    private static boolean hasTaint(JsonNode node, String key) {
        for (JsonNode taint : (ArrayNode) node.path("spec").withArray("taints")) {
            if (key.equals(taint.path("key").asText()) && Taint.NO_EXECUTE.equals(taint.path("effect").asText())) {
                return true;
            }
        }
        return false;
    }
}

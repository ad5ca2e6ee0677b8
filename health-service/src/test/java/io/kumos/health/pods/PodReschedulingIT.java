package io.kumos.health.pods;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.kumos.health.gateway.FakeApiGateway;
import io.kumos.health.gateway.FakeApiGatewayResource;
import io.kumos.health.gateway.FakeNodeAgents;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The running rescheduler against the real Infinispan Server: two Ready nodes (heartbeating), pods read from the
 * real grid, writes going to a {@link FakeApiGateway} that projects them back. A fake kubelet makes a pod's container
 * restart every 1.5 s, as a crash loop looks from outside, until the pod is deleted.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
@WithTestResource(FakeApiGatewayResource.class)
class PodReschedulingIT {

    private static final String SICK = "reschedule-it-sick";
    private static final String HEALTHY = "reschedule-it-healthy";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RemoteCacheManager grid;

    private final FakeApiGateway api = FakeApiGatewayResource.gateway();
    private final Set<String> crashing = ConcurrentHashMap.newKeySet();
    private FakeNodeAgents agents;
    private ScheduledExecutorService kubelet;

    @BeforeEach
    void cluster() {
        api.projectInto(grid);
        GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS).put(GridObject.PROJECTION_MARKER,
                GridObject.marker(1));
        agents = new FakeNodeAgents(grid, api);
        for (String node : List.of(SICK, HEALTHY)) {
            api.put(PodObjects.node(node, "True"));
            agents.start(node);
        }
        api.put(PodObjects.pod("web-2", HEALTHY, true, 0));
        kubelet = Executors.newSingleThreadScheduledExecutor();
        kubelet.scheduleAtFixedRate(this::crash, 1500, 1500, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void cleanUp() {
        kubelet.shutdownNow();
        agents.close();
        api.clear();
    }

    /** Each crashing pod's container restarts once more, unless the pod is being deleted. */
    private void crash() {
        for (String name : crashing) {
            ObjectNode pod = api.get("core/pods", "shop", name);
            if (pod != null && !pod.path("metadata").has("deletionTimestamp")) {
                ObjectNode container = (ObjectNode) pod.at("/status/containerStatuses/0");
                container.put("restartCount", container.path("restartCount").asInt() + 1);
                api.put(pod);
            }
        }
    }

    @Test
    void aCrashLoopingPodWithAReadySiblingOnAnotherNodeIsMovedOnceAndItsNodeAvoidsItsReplicaSet() {
        api.put(PodObjects.pod("web-1", SICK, false, 0));
        crashing.add("web-1");

        await().atMost(WAIT).untilAsserted(() -> assertTrue(api.get("core/pods", "shop", "web-1")
                .path("metadata").has("deletionTimestamp")));
        JsonNode pod = api.get("core/pods", "shop", "web-1");
        JsonNode target = condition(pod, "DisruptionTarget");
        assertEquals("True", target.path("status").asText());
        assertEquals("TerminationByKumosHealth", target.path("reason").asText());

        JsonNode entries = avoidList(SICK);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(PodObjects.RS_UID, entries.at("/0/podSignature/podController/uid").asText());
        assertEquals("KumosHealthRescheduled", entries.at("/0/reason").asText());
        assertTrue(avoidList(HEALTHY).isEmpty(), "the healthy node is not avoided");

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> deletes() == 1);
        await().atMost(WAIT).until(() -> events("Rescheduled").size() == 1);
        JsonNode event = events("Rescheduled").get(0);
        assertEquals("Warning", event.path("type").asText());
        assertEquals("web-1", event.at("/involvedObject/name").asText());
        assertEquals("kumos-health", event.at("/source/component").asText());
        String message = event.path("message").asText();
        assertTrue(message.startsWith("Container main restarted "), message);
        assertTrue(message.endsWith(" on node " + SICK + " while ReplicaSet web-abc runs healthily on " + HEALTHY
                + "; evicting the pod so it is replaced on another node"), message);
        assertFalse(api.get("core/pods", "shop", "web-2").path("metadata").has("deletionTimestamp"));

        given().get("/health/v1/stats").then().statusCode(200)
                .body("reschedulesTotal", greaterThanOrEqualTo(1))
                .body("avoidedNodes", is(1));
    }

    @Test
    void aCrashLoopingPodWithoutControllerIsNeverDeletedAndIsWarnedAboutOnce() {
        api.put(PodObjects.standalone(PodObjects.pod("lonely", SICK, false, 0)));
        crashing.add("lonely");

        await().atMost(WAIT).until(() -> events("NotRescheduled").size() == 1);
        JsonNode event = events("NotRescheduled").get(0);
        assertEquals("Warning", event.path("type").asText());
        assertEquals("lonely", event.at("/involvedObject/name").asText());
        assertTrue(event.path("message").asText().contains("has no controller to replace it elsewhere"),
                event.toString());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> events("NotRescheduled").size() == 1 && deletes() == 0);
        assertTrue(avoidList(SICK).isEmpty());
    }

    private long deletes() {
        return api.requests.stream().filter(request -> request.method().equals("DELETE")).count();
    }

    private List<JsonNode> events(String reason) {
        return api.events.stream().filter(event -> reason.equals(event.path("reason").asText())).toList();
    }

    private JsonNode avoidList(String node) {
        String annotation = api.get("core/nodes", "", node).at("/metadata/annotations").path(AvoidPods.ANNOTATION)
                .asText("");
        try {
            return annotation.isEmpty() ? PodObjects.JSON.createArrayNode()
                    : PodObjects.JSON.readTree(annotation).path("preferAvoidPods");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not AvoidPods JSON: " + annotation, e);
        }
    }

    private static JsonNode condition(JsonNode pod, String type) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return pod.path("missing");
    }
}

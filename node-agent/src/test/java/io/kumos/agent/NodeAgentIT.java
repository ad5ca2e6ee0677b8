package io.kumos.agent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Test;

import io.kumos.grid.GridCaches;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.ServiceContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The node agent against the real grid and the real Docker engine of this machine. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class NodeAgentIT extends ServiceContract {

    @jakarta.inject.Inject
    RemoteCacheManager grid;

    @Test
    void heartbeatsGoToTheGridEvenWithoutTheApiGateway() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            NodeHeartbeat heartbeat = GridCaches.<String, NodeHeartbeat>open(grid, GridCaches.NODE_HEARTBEATS)
                    .get("test-node");
            org.junit.jupiter.api.Assertions.assertNotNull(heartbeat, "no heartbeat of test-node in the grid");
            org.junit.jupiter.api.Assertions.assertTrue(heartbeat.ready(), "the Docker engine answers: ready");
            org.junit.jupiter.api.Assertions.assertTrue(
                    heartbeat.renewedAtMillis() > System.currentTimeMillis() - 60_000);
        });
    }

    @Test
    void readinessIncludesTheDockerEngine() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'Docker engine' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Docker engine' }.data.host",
                        equalTo("unix:///var/run/docker.sock"))
                .body("checks.name", hasItem("Docker engine")));
    }
}

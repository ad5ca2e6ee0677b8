package io.kumos.agent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.ServiceContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The node agent against the real grid and the real Docker engine of this machine. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class NodeAgentIT extends ServiceContract {

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

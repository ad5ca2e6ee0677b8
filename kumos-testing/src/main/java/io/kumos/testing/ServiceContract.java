package io.kumos.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kumos.grid.components.ComponentDirectory;
import io.kumos.grid.components.ComponentRecord;

/**
 * What every Kumos service promises from its first line, checked against the real grid and database: it is
 * ready only when its dependencies answer, it announces itself in the grid where every other service can see
 * it, and its readiness follows the grid down and back up without a restart of its own.
 *
 * <p>Subclass it with {@code @QuarkusTest @WithTestResource(KumosInfraResource.class)}.
 */
public abstract class ServiceContract {

    @Inject
    protected ComponentDirectory directory;

    @Test
    void isReadyWhenTheGridAnswers() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Infinispan cluster connection health check")));
    }

    @Test
    void announcesItselfInTheGrid() {
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.list().stream()
                .map(ComponentRecord::instance).anyMatch(directory.self().instance()::equals));
    }

    @Test
    void readinessFollowsTheGridDownAndBackUp() {
        InfraProcess grid = KumosInfra.shared().grid();
        grid.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503));
        } finally {
            grid.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        // Back in the directory too: the service rewrites its entry once the grid answers again.
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.list().stream()
                .map(ComponentRecord::instance).anyMatch(directory.self().instance()::equals));
    }
}

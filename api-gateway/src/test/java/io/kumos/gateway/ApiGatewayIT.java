package io.kumos.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.kumos.testing.InfraProcess;
import io.kumos.testing.KumosInfra;
import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.ServiceContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The api-gateway's front door against the real Infinispan Server and PostgreSQL. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class ApiGatewayIT extends ServiceContract {

    @Test
    void versionIsWhatKubectlExpects() {
        given().get("/version").then()
                .statusCode(200)
                .body("major", equalTo("1"))
                .body("minor", equalTo("30"))
                .body("gitVersion", matchesPattern("v1\\.30\\.0\\+kumos\\..+"))
                .body("platform", matchesPattern("linux/.+"))
                .body("buildDate", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*"));
    }

    @Test
    void probesAnswerTheKubernetesWay() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/readyz").then()
                .statusCode(200).body(equalTo("ok")));
        given().get("/livez").then().statusCode(200).body(equalTo("ok"));
        given().get("/healthz").then().statusCode(200).body(equalTo("ok"));
        given().get("/readyz?verbose").then().statusCode(200)
                .body(containsString("[+]ping ok"))
                .body(containsString("[+]Infinispan cluster connection health check ok"))
                .body(containsString("[+]Reactive PostgreSQL connections health check ok"))
                .body(containsString("readyz check passed"));
    }

    @Test
    void clusterIdentityComesFromTheRecordAndStaysTheSame() {
        String uid = given().get("/gateway/v1/cluster").then()
                .statusCode(200)
                .body("uid", notNullValue())
                .body("createdAt", notNullValue())
                .extract().path("uid");
        given().get("/gateway/v1/cluster").then().statusCode(200).body("uid", equalTo(uid));
    }

    @Test
    void clusterListsTheComponentsOfTheGrid() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/gateway/v1/cluster").then()
                .statusCode(200)
                .body("components.component", hasItem("api-gateway")));
    }

    @Test
    void unknownPathIsAKubernetesStatus() {
        given().get("/no/such/thing").then()
                .statusCode(404)
                .body("kind", equalTo("Status"))
                .body("status", equalTo("Failure"))
                .body("reason", equalTo("NotFound"))
                .body("code", equalTo(404));
    }

    @Test
    void gridDownIsNamedInReadyzAndInErrors() {
        InfraProcess grid = KumosInfra.shared().grid();
        grid.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/readyz").then()
                    .statusCode(500)
                    .body(containsString("[-]Infinispan cluster connection health check failed"))
                    .body(containsString("[+]Reactive PostgreSQL connections health check ok"))
                    .body(containsString("readyz check failed")));
            given().get("/gateway/v1/cluster").then()
                    .statusCode(503)
                    .body("kind", equalTo("Status"))
                    .body("reason", equalTo("ServiceUnavailable"))
                    .body("message", containsString("grid"));
        } finally {
            grid.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/readyz").then()
                .statusCode(200).body(equalTo("ok")));
    }

    @Test
    void databaseDownIsNamedInReadyz() {
        InfraProcess postgres = KumosInfra.shared().postgres();
        postgres.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/readyz").then()
                    .statusCode(500)
                    .body(containsString("[-]Reactive PostgreSQL connections health check failed")));
        } finally {
            postgres.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/readyz").then()
                .statusCode(200).body(equalTo("ok")));
    }
}

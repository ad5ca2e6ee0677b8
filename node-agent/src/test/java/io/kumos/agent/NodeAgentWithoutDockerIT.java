package io.kumos.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** No Docker engine is not a crash: the agent stays up, not ready, and says which socket it tried. */
@QuarkusTest
@TestProfile(NodeAgentWithoutDockerIT.NoEngine.class)
@WithTestResource(KumosInfraResource.class)
class NodeAgentWithoutDockerIT {

    static final String MISSING_SOCKET = "unix:///tmp/kumos-test-no-docker-here.sock";

    public static class NoEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kumos.agent.docker-host", MISSING_SOCKET, "kumos.agent.node-name", "no-engine-node");
        }
    }

    @Test
    void staysAliveButNotReadyAndNamesTheSocket() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'Docker engine' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Docker engine' }.data.error",
                        containsString("Docker engine not reachable at " + MISSING_SOCKET))
                .body("checks.find { it.name == 'Docker engine' }.data.node", equalTo("no-engine-node"));
    }
}

package io.kumos.agent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Test;

import io.kumos.grid.GridCaches;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.kumos.testing.Command;
import io.kumos.testing.InfraProcess;
import io.kumos.testing.KumosInfra;
import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.ServiceContract;
import io.kumos.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The node agent against the real grid and the real Docker engine of this machine. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class NodeAgentIT extends ServiceContract {

    /** {@code %test.kumos.agent.fence-after} of the node agent. */
    private static final Duration FENCE_AFTER = Duration.ofSeconds(6);

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

    /**
     * Fencing (on in tests, {@code kumos.agent.fence-after=6s}): with the grid down, no pass can read the pods,
     * so only the fence stops a container of this node. The agent sees the cut only when a heartbeat fails, some
     * 3.5 s after the last renewal here: a fence time shorter than that could not be told from a fence too early.
     */
    @Test
    void aNodeCutOffFromTheGridStopsItsPodsContainersAfterTheFenceTime() {
        InfraProcess gridServer = KumosInfra.shared().grid();
        // The fence counts from the last renewal: take a fresh one, then cut the grid off right after it.
        long seen = renewedAtMillis();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> renewedAtMillis() > seen);
        Instant lastRenewal = Instant.ofEpochMilli(renewedAtMillis());
        Instant fenceTime = lastRenewal.plus(FENCE_AFTER);
        String id = null;
        gridServer.stop();
        try {
            id = docker("run", "-d", "--label", "io.kumos.cluster=kumos", "--label", "io.kumos.node=test-node",
                    "--label", "io.kumos.pod.uid=fence-test", "--label", "io.kumos.pod.namespace=default",
                    "--label", "io.kumos.pod.name=fenced", "--label", "io.kumos.container.name=main",
                    "--label", "io.kumos.container.type=app", "--label", "io.kumos.container.attempt=0",
                    TestImages.busybox(), "sleep", "300").trim();
            String container = id;
            await().atMost(Duration.ofSeconds(30)).until(() -> "false".equals(
                    docker("inspect", "--format", "{{.State.Running}}", container).trim()));
            Instant started = Instant.parse(docker("inspect", "--format", "{{.State.StartedAt}}", id).trim());
            Instant finished = Instant.parse(docker("inspect", "--format", "{{.State.FinishedAt}}", id).trim());
            System.out.printf("%nFENCE after the last renewal: container started +%d ms, stopped +%d ms (fence %s)%n",
                    Duration.between(lastRenewal, started).toMillis(), Duration.between(lastRenewal, finished)
                            .toMillis(), FENCE_AFTER);
            assertTrue(started.isBefore(fenceTime), "the container ran before the fence time " + fenceTime
                    + " (the grid took too long to stop?): started " + started);
            assertFalse(finished.isBefore(fenceTime), "stopped at " + finished + ", before the fence time "
                    + fenceTime + " (" + FENCE_AFTER + " after the last renewal at " + lastRenewal + ")");
        } finally {
            gridServer.start();
            if (id != null) {
                docker("rm", "-f", id);
            }
        }
    }

    private long renewedAtMillis() {
        NodeHeartbeat heartbeat = GridCaches.<String, NodeHeartbeat>open(grid, GridCaches.NODE_HEARTBEATS)
                .get("test-node");
        return heartbeat == null ? 0 : heartbeat.renewedAtMillis();
    }

    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Command.Result result = Command.run(Path.of("."),
                Map.of(), Duration.ofMinutes(1), command);
        assertEquals(0, result.exitCode(), result::toString);
        return result.output();
    }
}

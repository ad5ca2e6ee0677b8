package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.testing.Command;
import io.kumos.testing.GridClient;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;
import io.kumos.testing.hollow.HollowFleet;
import io.kumos.testing.hollow.HollowNodes;

/**
 * Simulated nodes ({@link HollowNodes}) in a real Kumos, seen with the real kubectl: three of them register Ready
 * with their zones, the scheduler binds a pod asking for a zone to the node of that zone, which reports it Running
 * and confirms its deletion; and past health-service's grace (10 s) they are still heard from, by their batched grid
 * heartbeats alone. The nodes are deleted after, leaving the shared Kumos as it was.
 */
@SharedKumos({"--nodes", "2"})
class HollowNodesE2EIT extends KumosUp {

    private static final String NS = "hollow-e2e";
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Kubectl kubectl = Kubectl.version("1.33");

    @Test
    void simulatedNodesAreReadyTakeAPodOfTheirZoneRunItAndStayAlive() throws Exception {
        HollowFleet fleet = HollowFleet.of("hollow-e2e", 3).runningPods(true);
        RemoteCacheManager grid = GridClient.connect(KumosCli.GRID_PORT, 10_000);
        long started = System.nanoTime();
        HollowNodes hollow = HollowNodes.start(fleet, URI.create("http://127.0.0.1:" + KumosCli.API_PORT), grid);
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(
                    "hollow-e2e-1 True zone-a,hollow-e2e-2 True zone-b,hollow-e2e-3 True zone-c,",
                    ok("get", "nodes", "-l", HollowFleet.LABEL + "=hollow-e2e", "-o", "jsonpath={range .items[*]}"
                            + "{.metadata.name} {.status.conditions[?(@.type==\"Ready\")].status} "
                            + "{.metadata.labels.topology\\.kubernetes\\.io/zone},{end}")));

            ok("create", "namespace", NS);
            ok("run", "zoned", "-n", NS, "--image=" + TestImages.BUSYBOX, "--overrides={\"spec\":{\"nodeSelector\":"
                    + "{\"" + HollowFleet.LABEL + "\":\"hollow-e2e\",\"" + HollowFleet.ZONE_LABEL + "\":\"zone-b\"}}}",
                    "--", "sleep", "3600");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("hollow-e2e-2 Running",
                    ok("get", "pod", "zoned", "-n", NS, "-o", "jsonpath={.spec.nodeName} {.status.phase}")));
            ok("delete", "pod", "zoned", "-n", NS, "--wait", "--timeout=20s");

            // Past the grace from registration, only heartbeats that keep being renewed keep a node Ready.
            Duration pastGrace = GRACE.plusSeconds(2).minusNanos(System.nanoTime() - started);
            await().pollDelay(pastGrace.isNegative() ? Duration.ZERO : pastGrace)
                    .atMost(GRACE.multipliedBy(2)).untilAsserted(() -> {
                        JsonNode perNode = health().path("perNode");
                        for (String node : List.of("hollow-e2e-1", "hollow-e2e-2", "hollow-e2e-3")) {
                            assertEquals("READY", perNode.path(node).path("state").asText(), node + ": " + perNode);
                            assertTrue(perNode.path(node).path("lastHeardAgeMillis").asLong() < 5000,
                                    node + " last heard " + perNode.path(node));
                        }
                    });
            assertTrue(hollow.failures().startsWith("0 API write(s) failed"), hollow.failures());
        } finally {
            hollow.deregister();
            grid.stop();
        }
        assertEquals("", ok("get", "nodes", "-l", HollowFleet.LABEL + "=hollow-e2e", "-o", "name").trim());
    }

    private static JsonNode health() throws Exception {
        return new ObjectMapper().readTree(KumosCli.get(KumosCli.HEALTH_PORT, "/health/v1/stats").body());
    }

    private String ok(String... args) {
        Command.Result result = kubectl.run(kumos.kubeconfig(), args);
        assertEquals(0, result.exitCode(), result::toString);
        return result.output();
    }
}

package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;

/**
 * The single-machine default, as a user meets it: {@code ./kumos up}, the real kubectl 1.27 to 1.33, the grid
 * going away and coming back, {@code ./kumos down}. One Kumos for the whole class; the steps run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KumosUpE2EIT {

    static final List<String> SERVICES = List.of("api-gateway", "placement-service", "health-service", "lb-service",
            "network-service");
    static final List<String> PROCESSES = List.of("grid", "postgres", "api-gateway", "placement-service",
            "health-service", "lb-service", "network-service", "node-agent-1", "node-agent-2");

    private final KumosCli kumos = new KumosCli("e2e-up").fresh();

    @AfterAll
    void down() {
        kumos.run("down");
    }

    @Test
    @Order(1)
    void unknownCommandIsRefusedClearly() {
        Command.Result result = kumos.run("frobnicate");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.output().contains("kumos: unknown command 'frobnicate'"), result::toString);
        assertTrue(result.output().contains("Usage: ./kumos"), result::toString);
    }

    @Test
    @Order(2)
    void busyPortIsRefusedClearlyAndStartsNothing() throws IOException {
        try (ServerSocket squatter = new ServerSocket(KumosCli.API_PORT, 1, InetAddress.getLoopbackAddress())) {
            Command.Result result = kumos.run("up");
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.output().contains("port " + KumosCli.API_PORT + " (for api-gateway) is already in use"),
                    result::toString);
        }
        assertTrue(kumos.run("status").output().contains("Kumos is not running"));
        assertEquals(List.of(), kumos.processesUsingHome());
    }

    @Test
    @Order(3)
    void upStartsEverythingReadyAndWritesAKubeconfig() {
        Command.Result result = kumos.run("up", "--nodes", "2");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.output().contains("Kumos is up"), result::toString);
        assertTrue(result.output().contains("export KUBECONFIG=" + kumos.kubeconfig()), result::toString);

        // Every process ready; the grid may show INITIALIZING for the moment a cache starts on a service's first use
        // of it, right after up (CI saw it once), so within a few seconds rather than at the first look.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> states = states();
            assertEquals(PROCESSES.size(), states.size(), states::toString);
            PROCESSES.forEach(name -> assertEquals("ready", states.get(name), () -> name + " in " + states));
        });
        String status = kumos.run("status").output();
        assertTrue(status.contains("node-agent-1 (kumos-node-1)"), status);
        assertTrue(status.contains("node-agent-2 (kumos-node-2)"), status);
    }

    @Test
    @Order(4)
    void upTwiceSaysItIsAlreadyUp() {
        long gateway = kumos.pid("api-gateway").orElseThrow();
        Command.Result result = kumos.run("up");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.output().contains("Kumos is already up"), result::toString);
        assertEquals(gateway, kumos.pid("api-gateway").orElseThrow());
    }

    @Test
    @Order(5)
    void everyKubectlVersionSeesTheServer() {
        for (String version : Kubectl.VERSIONS) {
            Kubectl kubectl = Kubectl.version(version);
            Command.Result result = kubectl.run(kumos.kubeconfig(), "version");
            assertEquals(0, result.exitCode(), () -> kubectl.name() + " " + result);
            // 1.27 prints the whole version.Info, later versions the short form; both carry the git version.
            assertTrue(result.output().matches("(?s).*Server Version: .*v1\\.30\\.0\\+kumos\\..*"),
                    () -> kubectl.name() + " " + result);
            Command.Result readyz = kubectl.run(kumos.kubeconfig(), "get", "--raw", "/readyz");
            assertEquals(0, readyz.exitCode(), () -> kubectl.name() + " " + readyz);
            assertEquals("ok", readyz.output().trim(), () -> kubectl.name() + " " + readyz);
        }
    }

    @Test
    @Order(6)
    void whatEachServiceWritesIntoTheGridTheGatewayReads() {
        // Every service writes its own entry into the grid; the api-gateway lists the cache.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String cluster = KumosCli.get(KumosCli.API_PORT, "/gateway/v1/cluster").body();
            for (String service : SERVICES) {
                assertTrue(cluster.contains("\"instance\":\"" + service + "@127.0.0.1:"), () -> service + ": " + cluster);
            }
            for (int agent = 0; agent < 2; agent++) {
                String instance = "\"instance\":\"node-agent@127.0.0.1:" + (KumosCli.AGENT_PORT_BASE + agent) + "\"";
                assertTrue(cluster.contains(instance), () -> instance + ": " + cluster);
            }
        });
    }

    @Test
    @Order(7)
    void nodeAgentsRegisterTheirNodesAndRenewTheirLeases() {
        for (String version : List.of("1.27", "1.33")) {
            Kubectl kubectl = Kubectl.version(version);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String nodes = kubectl.run(kumos.kubeconfig(), "get", "nodes").output();
                assertTrue(nodes.matches("(?s)NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\\s*\\n"
                        + "kumos-node-1\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.30\\.0-kumos\\..*\\n"
                        + "kumos-node-2\\s+Ready\\s+<none>.*"), nodes);
            });
            String wide = kubectl.run(kumos.kubeconfig(), "get", "nodes", "-o", "wide").output();
            assertTrue(wide.matches("(?s).*INTERNAL-IP.*CONTAINER-RUNTIME.*kumos-node-1.*127\\.0\\.0\\.1.*docker://.*"),
                    wide);
            String describe = kubectl.run(kumos.kubeconfig(), "describe", "node", "kumos-node-1").output();
            assertTrue(describe.contains("kubernetes.io/hostname=kumos-node-1"), describe);
            assertTrue(describe.matches("(?s).*Capacity:\\s+cpu:\\s+\\d+.*memory:\\s+\\d+Ki.*pods:\\s+110.*"), describe);
            assertTrue(describe.matches("(?s).*Allocatable:\\s+cpu:\\s+\\d+m?.*"), describe);
            assertTrue(describe.matches("(?s).*HolderIdentity:\\s+kumos-node-1.*"), describe);
            assertTrue(describe.matches("(?s).*Ready\\s+True.*KubeletReady.*"), describe);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String cidrs = kubectl.run(kumos.kubeconfig(), "get", "nodes", "-o",
                        "jsonpath={.items[*].spec.podCIDR}").output();
                assertTrue(cidrs.matches("10\\.244\\.\\d+\\.0/24 10\\.244\\.\\d+\\.0/24"), cidrs);
                assertNotEquals(cidrs.split(" ")[0], cidrs.split(" ")[1], "two nodes, two subnets");
            });
            String leases = kubectl.run(kumos.kubeconfig(), "get", "leases", "-n", "kube-node-lease", "-o",
                    "jsonpath={.items[*].spec.holderIdentity}").output();
            assertEquals("kumos-node-1 kumos-node-2", leases);
        }
    }

    @Test
    @Order(8)
    void servicesFollowTheGridDownAndRecoverWithoutRestarting() {
        Map<String, Long> pids = SERVICES.stream()
                .collect(Collectors.toMap(Function.identity(), name -> kumos.pid(name).orElseThrow()));
        long grid = kumos.pid("grid").orElseThrow();
        ProcessHandle.of(grid).orElseThrow().destroy();

        Kubectl kubectl = Kubectl.version("1.33");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Command.Result readyz = kubectl.run(kumos.kubeconfig(), "get", "--raw", "/readyz");
            assertNotEquals(0, readyz.exitCode(), readyz::toString);
            assertEquals(503, KumosCli.get(KumosCli.PLACEMENT_PORT, "/q/health/ready").statusCode());
            assertEquals("not running", states().get("grid"));
        });

        Command.Result restart = kumos.run("restart", "grid");
        assertEquals(0, restart.exitCode(), restart::toString);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Map<String, String> states = states();
            PROCESSES.forEach(name -> assertEquals("ready", states.get(name), () -> name + " in " + states));
        });
        assertEquals("ok", kubectl.run(kumos.kubeconfig(), "get", "--raw", "/readyz").output().trim());
        SERVICES.forEach(name -> assertEquals(pids.get(name), kumos.pid(name).orElseThrow(),
                () -> name + " was restarted, but should have recovered by itself"));
    }

    @Test
    @Order(9)
    void downLeavesNoProcessBehind() {
        List<Long> pids = PROCESSES.stream().map(name -> kumos.pid(name).orElseThrow()).toList();
        Command.Result result = kumos.run("down");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.output().contains("Kumos stopped (9 processes)"), result::toString);
        pids.forEach(pid -> assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true),
                () -> "process " + pid + " is still alive"));
        assertEquals(List.of(), kumos.processesUsingHome());
        assertTrue(kumos.run("status").output().contains("Kumos is not running"));
    }

    private static final Pattern STATUS_LINE = Pattern.compile("^(\\S+)(?: \\([^)]*\\))?\\s+(\\d+)\\s+(\\d+)\\s+(.*)$");

    /** The STATE column of {@code ./kumos status}, by process name (node agents without their node name). */
    private Map<String, String> states() {
        return kumos.run("status").output().lines()
                .map(STATUS_LINE::matcher)
                .filter(Matcher::matches)
                .collect(Collectors.toMap(line -> line.group(1), line -> line.group(4).trim()));
    }
}

package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.testing.Command;

/**
 * The grid as a cluster: {@code ./kumos up --grid-members 3 --nodes 2}. A LoadBalancer Service serves a Deployment
 * while clients create ConfigMaps; one grid member is killed with SIGKILL (the first, the JGroups coordinator and
 * the first server every Hot Rod client lists). Nothing is lost: every acknowledged write is readable with its
 * content, the pods keep Running, no node goes NotReady, the Service keeps answering, the heartbeats, leader locks
 * and IPAM ledger are still in the grid, a pod created meanwhile gets an address of its own, and every service
 * stays ready without a restart. Restarted, the member rejoins: a cluster of three again, holding the same state.
 *
 * <p>What it took: no service walks {@code kumos-objects} any more (Hot Rod iterations kept failing over from the
 * dead member for 13 to 29 s, and the loops built on them stalled 9 to 15 s a step), they read shared informers;
 * and an informer lists again when a server leaves the cluster's topology, since the Hot Rod client drops that
 * server without failing over the listeners registered on it. It prints how long after the kill the scale-up was
 * served. Part of {@code verify}; alone it runs with
 * {@code ./mvnw -B verify -pl kumos-e2e -am -Dtest=GridClusterE2EIT -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("grid-cluster")
class GridClusterE2EIT extends KumosUp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "grid-cluster";
    private static final int PORT = 18095;
    private static final List<String> MEMBERS = List.of("grid-1", "grid-2", "grid-3");

    private final Cluster cluster = new Cluster(kumos);

    GridClusterE2EIT() {
        super("e2e-grid-cluster", "--grid-members", "3", "--nodes", "2");
    }

    @Test
    void aGridMemberKilledUnderLoadLosesNothingAndRejoins() throws Exception {
        IntStream.rangeClosed(1, 3).forEach(member -> assertEquals(MEMBERS, GridMembers.nodeNames(member)));
        awaitEveryMemberReady();

        cluster.ok("create", "namespace", NS);
        cluster.ok("apply", "-f", cluster.servingDeployment(NS, PORT, 2, "", "").toString());
        cluster.ok("rollout", "status", "deployment/web", "-n", NS, "--timeout=180s");
        cluster.awaitServing(NS, PORT, 2);
        Map<String, String> podsBefore = cluster.running(NS, "app=web");
        Map<String, Long> pids = servicePids();
        Map<String, String> locks = GridMembers.entries(2, "kumos-leader-locks");
        Map<String, String> ledger = GridMembers.entries(2, "kumos-ipam");
        assertTrue(locks.size() >= 3, () -> "the control loops hold their locks: " + locks);
        assertEquals(2, GridMembers.entries(2, "kumos-node-heartbeats").size());

        Map<String, String> acknowledged;
        List<String> refused;
        try (Watchdog watchdog = Watchdog.start(servicePorts());
                HttpTraffic traffic = HttpTraffic.start("127.0.0.1", PORT, 2);
                ConfigMapWriters writers = ConfigMapWriters.start(NS, 2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> writers.acknowledged().size() >= 100);
            ProcessHandle member = ProcessHandle.of(kumos.pid("grid-1").orElseThrow()).orElseThrow();
            member.destroyForcibly();
            member.onExit().join();
            int atKill = writers.acknowledged().size();
            long killed = System.nanoTime();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertEquals(List.of("grid-2", "grid-3"), GridMembers.nodeNames(2));
                assertEquals("HEALTHY", GridMembers.status(2), "no cache degraded by the loss of one member");
            });
            long left = System.nanoTime();
            cluster.ok("scale", "deployment", "web", "-n", NS, "--replicas=3");
            try {
                cluster.awaitServing(NS, PORT, 3);
            } catch (RuntimeException | AssertionError e) {
                System.out.printf("%nSCALE-UP after the kill not served: %s%n%s%n%s%n", e.getMessage(),
                        cluster.kubectl("get", "deploy,rs,pods,endpoints", "-n", NS, "-o", "wide").output(),
                        cluster.kubectl("get", "events", "-n", NS).output());
                GridMembers.entries(2, "kumos-objects").forEach((key, value) -> {
                    if (key.contains("pods/" + NS) || key.contains("replicasets/" + NS)) {
                        System.out.println("grid-2 " + key + " = " + value.substring(0, Math.min(600, value.length())));
                    }
                });
                for (String name : List.of("placement-service", "node-agent-1", "node-agent-2", "api-gateway")) {
                    Command.Result dump = Command.run(KumosCli.REPO, Map.of(), Duration.ofSeconds(30),
                            List.of("jcmd", Long.toString(kumos.pid(name).orElseThrow()), "Thread.print"));
                    System.out.printf("%nTHREADS of %s:%n%s%n", name, dump.output().lines()
                            .filter(line -> !line.isBlank()).collect(java.util.stream.Collectors.joining("\n")));
                }
                throw e;
            }
            long served = System.nanoTime();
            // Past the node grace (10 s) and the leader locks' lifespans: what expires would have by now.
            await().atMost(Duration.ofSeconds(60)).until(() -> System.nanoTime() - killed > Duration.ofSeconds(25)
                    .toNanos() && writers.acknowledged().size() >= atKill + 200);
            System.out.printf("%nGRID MEMBER grid-1 SIGKILLed: cluster of 2 after %d ms; a scale-up asked then served "
                    + "(3 pods Running and answering) %d ms after the kill; %d creates acknowledged before the kill, "
                    + "%d after; %s; watchdog %d rounds%n", (left - killed) / 1_000_000,
                    (served - killed) / 1_000_000, atKill, writers.acknowledged().size() - atKill, traffic,
                    watchdog.rounds());
            writers.close();
            traffic.close();
            watchdog.close();
            acknowledged = writers.acknowledged();
            refused = writers.refused();
            assertEquals(List.of(), watchdog.sightings(), "every service ready and every node Ready throughout");
            assertEquals(List.of(), traffic.failures(), traffic::toString);
        }
        assertEquals(List.of(), refused, "every create answered 201");
        assertEquals(acknowledged, storedConfigMaps(), "every acknowledged create readable with its content");
        assertEquals(pids, servicePids(), "no service restarted");
        Map<String, String> pods = cluster.running(NS, "app=web");
        assertTrue(pods.entrySet().containsAll(podsBefore.entrySet()), () -> podsBefore + " still Running: " + pods);
        assertEquals(2, GridMembers.entries(2, "kumos-node-heartbeats").size(), "both nodes' heartbeats");
        assertEquals(locks, GridMembers.entries(2, "kumos-leader-locks"), "the same leaders hold the same locks");
        Map<String, String> ledgerAfter = GridMembers.entries(3, "kumos-ipam");
        assertTrue(ledgerAfter.entrySet().containsAll(ledger.entrySet()), () -> ledger + " kept: " + ledgerAfter);
        assertEquals(3, Set.copyOf(podAddresses().values()).size(), () -> "an address each: " + podAddresses());

        Command.Result restart = kumos.run("restart", "grid-1");
        assertEquals(0, restart.exitCode(), restart::toString);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> IntStream.rangeClosed(1, 3).forEach(member -> {
            assertEquals(MEMBERS, GridMembers.nodeNames(member));
            assertEquals("HEALTHY", GridMembers.status(member));
        }));
        assertEquals(GridMembers.entries(2, "kumos-ipam"), GridMembers.entries(1, "kumos-ipam"),
                "the rejoined member holds the ledger");
        assertEquals(GridMembers.entries(2, "kumos-leader-locks").keySet(),
                GridMembers.entries(1, "kumos-leader-locks").keySet(), "and the locks");
        awaitEveryMemberReady();
        assertEquals(pids, servicePids(), "no service restarted");
    }

    /**
     * Until {@code ./kumos status} shows every member ready in a cluster of the three. A member's health is
     * INITIALIZING for the moments a cache starts on it, which the services' first use of a cache does right after
     * {@code up} (seen once: grid-3 INITIALIZING at the first look).
     */
    private void awaitEveryMemberReady() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String status = kumos.run("status").output();
            assertTrue(status.lines().filter(line -> line.startsWith("grid-"))
                    .allMatch(line -> line.contains("ready (3 members: grid-1 grid-2 grid-3)")), status);
        });
    }

    private Map<String, String> storedConfigMaps() throws Exception {
        JsonNode list = JSON.readTree(KumosCli.get(KumosCli.API_PORT, "/api/v1/namespaces/" + NS + "/configmaps")
                .body());
        Map<String, String> stored = new HashMap<>();
        list.path("items").forEach(item -> stored.put(item.path("metadata").path("name").asText(),
                item.path("data").path("v").asText()));
        return stored;
    }

    private Map<String, String> podAddresses() {
        String listed = cluster.ok("get", "pods", "-n", NS, "-l", "app=web", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.podIP} {end}").output().trim();
        Map<String, String> addresses = new TreeMap<>();
        for (String pod : listed.split("\\s+")) {
            String[] parts = pod.split("=", -1);
            addresses.put(parts[0], parts[1]);
        }
        return addresses;
    }

    private static List<String> serviceNames() {
        return List.of("api-gateway", "placement-service", "health-service", "lb-service", "network-service",
                "node-agent-1", "node-agent-2");
    }

    private static List<Integer> servicePorts() {
        return List.of(KumosCli.API_PORT, KumosCli.PLACEMENT_PORT, 17442, 17443, 17444, KumosCli.AGENT_PORT_BASE,
                KumosCli.AGENT_PORT_BASE + 1);
    }

    private Map<String, Long> servicePids() {
        Map<String, Long> pids = new TreeMap<>();
        serviceNames().forEach(name -> pids.put(name, kumos.pid(name).orElseThrow()));
        return pids;
    }
}

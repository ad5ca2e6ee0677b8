package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.kumos.testing.Command;
import io.kumos.testing.TestImages;

/**
 * The cross-host pod network on {@code ./kumos up --nodes 3} with {@code KUMOS_POD_NETWORK=overlay}, through the
 * real kubectl: each node is a namespace of its own on the underlay with its own address, pods are attached by CNI,
 * and pods on different nodes reach each other by pod IP over VXLAN. Before anything is sent to an address, the
 * kernel is asked how it would route it: nothing may go by the default route. The node removal and the agent
 * restart come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodNetworkE2EIT extends KumosUp {

    private static final String NS = "podnet";
    /** An HTTP server answering its pod's name, and an echo server on 7001 for the payload test. */
    private static final String SERVE = "mkdir -p /tmp/www && hostname > /tmp/www/index.html && httpd -p 8080 -h /tmp/www"
            + " && while true; do nc -l -p 7001 -e cat; done";

    private final Cluster cluster = new Cluster(kumos);
    private final NodeNamespaces namespaces = new NodeNamespaces(kumos);
    private final List<String> pods = List.of("pn-1", "pn-2", "pn-3");
    private final List<String> ips = new ArrayList<>();

    PodNetworkE2EIT() {
        super(new KumosCli("e2e-podnet").withEnv("KUMOS_POD_NETWORK", "overlay"), "--nodes", "3");
    }

    @BeforeAll
    void onePodOnEachNode() throws IOException {
        TestImages.busybox();
        cluster.ok("create", "namespace", NS);
        for (int node = 1; node <= 3; node++) {
            cluster.ok("apply", "-f", cluster.manifest("pn-" + node, """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: pn-%1$d, namespace: %2$s}
                    spec:
                      nodeName: kumos-node-%1$d
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: %3$s
                        command: [sh, -c, '%4$s']
                    """.formatted(node, NS, TestImages.BUSYBOX, SERVE)).toString());
        }
        for (String pod : pods) {
            await().atMost(Duration.ofSeconds(60)).until(() -> field(pod, "{.status.phase}").equals("Running"));
            ips.add(field(pod, "{.status.podIP}"));
        }
    }

    @Test
    @Order(1)
    void everyNodeHasAnInternalIpOfItsOwnOnTheUnderlay() {
        Set<String> addresses = new TreeSet<>();
        for (int node = 1; node <= 3; node++) {
            String address = cluster.ok("get", "node", Cluster.node(node), "-o",
                    "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}").output().trim();
            assertTrue(address.startsWith("172.31.250."), address);
            addresses.add(address);
        }
        assertEquals(3, addresses.size(), addresses::toString);
        String wide = cluster.ok("get", "nodes", "-o", "wide").output();
        addresses.forEach(address -> assertTrue(wide.contains(address), wide));
    }

    @Test
    @Order(2)
    void unservedPodAndServiceAddressesAreUnreachableOnTheMachineAndOnEveryNode() {
        List<String> everywhere = new ArrayList<>(List.of(NodeNamespaces.MACHINE));
        for (int node = 1; node <= 3; node++) {
            everywhere.add(namespaces.of(node));
        }
        for (String namespace : everywhere) {
            String gateway = namespaces.defaultGateway(namespace);
            for (String address : List.of("10.244.250.7", "10.96.0.77", "10.111.3.4")) {
                Command.Result route = namespaces.routeTo(namespace, address);
                assertNotEquals(0, route.exitCode(), () -> address + " is routed in '" + namespace + "': " + route);
                assertTrue(route.output().contains("unreachable") || route.output().contains("No route to host"),
                        route::toString);
                assertFalse(!gateway.isEmpty() && route.output().contains(gateway), route::toString);
            }
        }
    }

    @Test
    @Order(3)
    void podsOnEveryNodeReachEachOtherByPodIpOverTcpAndIcmp() {
        ips.forEach(this::assertRoutedLocally);
        for (int from = 0; from < 3; from++) {
            for (int to = 0; to < 3; to++) {
                if (from == to) {
                    continue;
                }
                String http = exec(pods.get(from), "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + ips.get(to)
                        + " 8080");
                assertTrue(http.contains(pods.get(to)), pods.get(from) + " -> " + pods.get(to) + ": " + http);
                String ping = exec(pods.get(from), "ping -c 1 -W 3 " + ips.get(to));
                assertTrue(ping.contains("1 packets received"), pods.get(from) + " -> " + pods.get(to) + ": " + ping);
            }
        }
    }

    @Test
    @Order(4)
    void trafficBetweenNodesGoesThroughTheVxlanDevice() {
        long sentBefore = namespaces.vxlanSent(1);
        exec(pods.get(0), "ping -c 20 -i 0.05 -W 3 " + ips.get(1));
        long crossed = namespaces.vxlanSent(1) - sentBefore;
        assertTrue(crossed >= 20, "node 1's VXLAN device sent " + crossed + " packets for 20 pings to node 2");
    }

    @Test
    @Order(5)
    void aPayloadOf1400BytesCrossesWhole() {
        String tcp = exec(pods.get(0), "head -c 1400 /dev/urandom > /tmp/sent && nc -w 2 " + ips.get(2)
                + " 7001 < /tmp/sent > /tmp/back; wc -c < /tmp/back; cmp /tmp/sent /tmp/back && echo same");
        assertTrue(tcp.contains("1400") && tcp.contains("same"), tcp);
        String ping = exec(pods.get(0), "ping -c 1 -s 1400 -W 3 " + ips.get(2));
        assertTrue(ping.contains("1408 bytes from " + ips.get(2)), ping);
    }

    @Test
    @Order(6)
    void twoPodsWithTheSameHostPortOnTwoNodesBothRunAndAnswerOnTheirNodesAddress() throws IOException {
        for (int node = 1; node <= 2; node++) {
            cluster.ok("apply", "-f", cluster.manifest("hp-" + node, """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: hp-%1$d, namespace: %2$s}
                    spec:
                      nodeName: kumos-node-%1$d
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: %3$s
                        command: [sh, -c, 'mkdir -p /tmp/www && hostname > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www']
                        ports: [{containerPort: 8080, hostPort: 18080}]
                    """.formatted(node, NS, TestImages.BUSYBOX)).toString());
        }
        for (int node = 1; node <= 2; node++) {
            String pod = "hp-" + node;
            await().atMost(Duration.ofSeconds(60)).until(() -> field(pod, "{.status.phase}").equals("Running"));
            String address = field(pod, "{.status.hostIP}");
            assertRoutedLocally(address);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> HttpTraffic.get(address, 18080)
                    .trim().equals(pod));
        }
    }

    @Test
    @Order(7)
    void aLoadBalancerAndItsNodePortReachPodsOnEveryNode() throws IOException {
        cluster.ok("apply", "-f", cluster.servingDeployment(NS, 18095, 3, "", "").toString());
        cluster.awaitServing(NS, 18095, 3);
        int nodePort = Integer.parseInt(cluster.ok("get", "service", "web", "-n", NS, "-o",
                "jsonpath={.spec.ports[0].nodePort}").output().trim());
        assertEquals(cluster.running(NS, "app=web").keySet(), Cluster.servedBy(nodePort, 12));
    }

    @Test
    @Order(8)
    void anAgentRestartKeepsRunningPodsReachable() {
        String uidBefore = field(pods.get(1), "{.metadata.uid}");
        Command.Result restart = kumos.run("restart", "node-agent-2");
        assertEquals(0, restart.exitCode(), restart::toString);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertTrue(
                exec(pods.get(0), "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + ips.get(1) + " 8080")
                        .contains(pods.get(1))));
        assertEquals(uidBefore, field(pods.get(1), "{.metadata.uid}"));
        assertEquals(ips.get(1), field(pods.get(1), "{.status.podIP}"));
        assertEquals("0", field(pods.get(1), "{.status.containerStatuses[0].restartCount}"));
    }

    @Test
    @Order(9)
    void aNodeThatLeavesHasNoRouteOrForwardingEntryLeftOnTheOthersWithinFiveSeconds() {
        String subnet = cluster.ok("get", "node", Cluster.node(3), "-o", "jsonpath={.spec.podCIDR}").output().trim();
        String underlay = cluster.ok("get", "node", Cluster.node(3), "-o",
                "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}").output().trim();
        for (int node = 1; node <= 2; node++) {
            assertTrue(namespaces.ok(namespaces.of(node), "ip", "route").contains(subnet));
            assertTrue(namespaces.ok(namespaces.of(node), "bridge", "fdb", "show", "dev", "kumos.1")
                    .contains("dst " + underlay));
        }
        long agent = kumos.pid("node-agent-3").orElseThrow();
        ProcessHandle.of(agent).ifPresent(ProcessHandle::destroy);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (int node = 1; node <= 2; node++) {
                assertFalse(namespaces.ok(namespaces.of(node), "ip", "route").contains(subnet));
                assertFalse(namespaces.ok(namespaces.of(node), "bridge", "fdb", "show", "dev", "kumos.1")
                        .contains("dst " + underlay));
            }
        });
        Command.Result gone = namespaces.routeTo(namespaces.of(1), ips.get(2));
        assertNotEquals(0, gone.exitCode(), () -> "a pod of the node that left is still routed: " + gone);
    }

    private void assertRoutedLocally(String address) {
        Command.Result route = namespaces.routeTo(NodeNamespaces.MACHINE, address);
        assertEquals(0, route.exitCode(), route::toString);
        String gateway = namespaces.defaultGateway(NodeNamespaces.MACHINE);
        assertFalse(!gateway.isEmpty() && route.output().contains("via " + gateway + " "),
                () -> address + " would leave by the default route: " + route);
    }

    private String exec(String pod, String script) {
        return cluster.ok("exec", "-n", NS, pod, "--", "sh", "-c", script).output();
    }

    private String field(String pod, String path) {
        return cluster.kubectl("get", "pod", pod, "-n", NS, "-o", "jsonpath=" + path).output().trim();
    }
}

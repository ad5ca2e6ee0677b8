package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.NODE_PORT;
import static io.kumos.network.ipam.LedgerKey.SERVICE;
import static io.kumos.network.ipam.LedgerKey.SERVICE_IP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Services' cluster IPs and node ports against the real grid: never given twice under concurrent callers, a value
 * asked for is claimed or refused with kube-apiserver's words, a full range says so, and the reconciler frees
 * what no live Service holds. Tests that exhaust a range use a small range of their own; each test uses Service
 * uids of its own.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class ServiceIpamIT {

    @Inject
    ServiceIps serviceIps;

    @Inject
    NodePorts nodePorts;

    @Inject
    Ipam ipam;

    @Inject
    IpamReconciler reconciler;

    @Inject
    NetworkConfig config;

    @Inject
    RemoteCacheManager grid;

    @Inject
    SharedInformers informers;

    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void concurrentServicesNeverShareAClusterIpAndAskingAgainGivesTheSame() throws Exception {
        List<Future<String>> given = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String uid = "concurrent-svc-" + i;
            given.add(threads.submit(() -> serviceIps.clusterIpOf(uid, "it/" + uid, Optional.empty())));
        }
        Set<String> addresses = new HashSet<>();
        for (Future<String> address : given) {
            addresses.add(address.get());
        }
        assertEquals(200, addresses.size(), "200 Services, 200 distinct cluster IPs");
        Cidr range = Cidr.parse(config.serviceCidr());
        assertEquals("10.96.0.0/12", range.toString(), "the default service CIDR");
        addresses.forEach(address -> {
            assertTrue(range.contains(address), address + " outside " + range);
            assertNotEquals("10.96.0.0", address, "the network's own address");
            assertNotEquals("10.111.255.255", address, "the broadcast address");
        });
        assertEquals(given.get(7).get(), serviceIps.clusterIpOf("concurrent-svc-7", "it/concurrent-svc-7",
                Optional.empty()), "a retried request gets the same address");
    }

    @Test
    void aRequestedClusterIpIsClaimedOrRefused() {
        assertEquals("10.96.0.10", serviceIps.clusterIpOf("dns-uid", "kube-system/kube-dns",
                Optional.of("10.96.0.10")));
        assertEquals("10.96.0.10", serviceIps.clusterIpOf("dns-uid", "kube-system/kube-dns",
                Optional.of("10.96.0.10")), "asking again is no conflict");

        IpamException taken = assertThrows(IpamException.class, () -> serviceIps.clusterIpOf("rival-uid",
                "default/rival", Optional.of("10.96.0.10")));
        assertEquals(IpamException.Reason.ALREADY_ALLOCATED, taken.reason());
        assertEquals("provided IP is already allocated", taken.getMessage());
        IpamException outside = assertThrows(IpamException.class, () -> serviceIps.clusterIpOf("rival-uid",
                "default/rival", Optional.of("10.0.0.10")));
        assertEquals(IpamException.Reason.OUT_OF_RANGE, outside.reason());
        assertEquals("the provided IP (10.0.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
                outside.getMessage());
        assertEquals(IpamException.Reason.OUT_OF_RANGE, assertThrows(IpamException.class,
                () -> serviceIps.clusterIpOf("rival-uid", "default/rival", Optional.of("10.96.0.0"))).reason(),
                "the network's own address is not given");
        assertNull(ipam.ledger().get(SERVICE.of("rival-uid")), "a refusal leaves nothing behind");

        assertEquals("10.96.0.10", serviceIps.release("dns-uid").orElseThrow());
        assertEquals("10.96.0.10", serviceIps.clusterIpOf("rival-uid", "default/rival", Optional.of("10.96.0.10")),
                "released, it is free for the next Service");
    }

    @Test
    void aFullServiceRangeSaysSoAndGivesNoAddressTwice() throws Exception {
        ServiceIps small = new ServiceIps(grid, Cidr.parse("10.123.0.0/29"));
        List<Future<String>> given = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String uid = "crowded-svc-" + i;
            given.add(threads.submit(() -> small.clusterIpOf(uid, "it/" + uid, Optional.empty())));
        }
        Set<String> addresses = new HashSet<>();
        int full = 0;
        for (Future<String> address : given) {
            try {
                addresses.add(address.get());
            } catch (ExecutionException e) {
                IpamException refusal = (IpamException) e.getCause();
                assertEquals(IpamException.Reason.RANGE_FULL, refusal.reason());
                assertEquals("range is full", refusal.getMessage());
                full++;
            }
        }
        assertEquals(Set.of("10.123.0.1", "10.123.0.2", "10.123.0.3", "10.123.0.4", "10.123.0.5", "10.123.0.6"),
                addresses, "every usable address once");
        assertEquals(4, full);
    }

    @Test
    void concurrentServicesNeverShareANodePort() throws Exception {
        List<Future<List<Integer>>> given = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String uid = "nodeport-svc-" + i;
            given.add(threads.submit(() -> nodePorts.claim(uid, "it/" + uid, List.of(0, 0))));
        }
        Set<Integer> ports = new HashSet<>();
        for (Future<List<Integer>> claimed : given) {
            ports.addAll(claimed.get());
        }
        assertEquals(200, ports.size(), "100 Services of 2 ports each, 200 distinct node ports");
        ports.forEach(port -> assertTrue(port >= 30000 && port <= 32767, port + " outside 30000-32767"));
    }

    @Test
    void aRequestedNodePortIsClaimedOrRefusedAndARefusalTakesBackTheRest() {
        PortRange range = new PortRange(40000, 40009);
        NodePorts ports = new NodePorts(grid, range);
        assertEquals(List.of(40001), ports.claim("web-uid", "it/web", List.of(40001)));
        assertEquals(List.of(40001), ports.claim("web-uid", "it/web", List.of(40001)), "its own port again");

        IpamException taken = assertThrows(IpamException.class, () -> ports.claim("rival-uid", "it/rival",
                List.of(40002, 40001, 0)));
        assertEquals(IpamException.Reason.ALREADY_ALLOCATED, taken.reason());
        assertEquals("provided port is already allocated", taken.getMessage());
        assertEquals(1, taken.index(), "the second port was refused");
        assertNull(ipam.ledger().get(NODE_PORT.of(40002)), "all or none: the first port was given back");

        IpamException outside = assertThrows(IpamException.class, () -> ports.claim("rival-uid", "it/rival",
                List.of(0, 80)));
        assertEquals(IpamException.Reason.OUT_OF_RANGE, outside.reason());
        assertEquals("provided port is not in the valid range. The range of valid ports is 40000-40009",
                outside.getMessage());
        assertEquals(1, outside.index());

        ports.release("rival-uid", List.of(40001));
        assertEquals("web-uid", ipam.ledger().get(NODE_PORT.of(40001)).holder(), "nobody gives back another's");
        ports.release("web-uid", List.of(40001));
        assertEquals(List.of(40001), ports.claim("rival-uid", "it/rival", List.of(40001)));
    }

    @Test
    void aFullNodePortRangeSaysSo() {
        NodePorts ports = new NodePorts(grid, new PortRange(40100, 40104));
        List<Integer> given = ports.claim("greedy-uid", "it/greedy", List.of(0, 0, 0, 0));
        IpamException full = assertThrows(IpamException.class, () -> ports.claim("late-uid", "it/late",
                List.of(0, 0)));
        assertEquals(IpamException.Reason.RANGE_FULL, full.reason());
        assertEquals("range is full", full.getMessage());
        assertEquals(1, full.index());
        Set<Integer> all = new HashSet<>(given);
        for (int port = 40100; port <= 40104; port++) {
            if (!all.contains(port)) {
                assertNull(ipam.ledger().get(NODE_PORT.of(port)), "the late Service's first port was given back");
            }
        }
    }

    @Test
    void theReconcilerFreesWhatNoLiveServiceHolds() {
        String kept = serviceIps.clusterIpOf("live-svc", "it/live", Optional.empty());
        List<Integer> keptPorts = nodePorts.claim("live-svc", "it/live", List.of(0, 0));
        String gone = serviceIps.clusterIpOf("deleted-svc", "it/deleted", Optional.empty());
        List<Integer> gonePorts = nodePorts.claim("deleted-svc", "it/deleted", List.of(0));
        // A gateway that claimed an address and crashed before recording it; a port the live Service no longer lists.
        String crashed = "10.96.200.7";
        ipam.ledger().put(SERVICE_IP.of(crashed), new IpamLease("crashed-svc", "it/crashed",
                System.currentTimeMillis()));
        ClusterFixture cluster = new ClusterFixture(grid, informers).projected();
        cluster.service("live-svc", kept, keptPorts.get(0));
        Instant now = Instant.now();

        reconciler.reconcile(now);
        assertEquals(gone, ipam.ledger().get(SERVICE.of("deleted-svc")).value(), "the projection may lag behind");

        reconciler.reconcile(now.plus(config.orphanGrace()).plusSeconds(1));
        assertNull(ipam.ledger().get(SERVICE.of("deleted-svc")));
        assertNull(ipam.ledger().get(SERVICE_IP.of(gone)));
        assertNull(ipam.ledger().get(NODE_PORT.of(gonePorts.get(0))));
        assertNull(ipam.ledger().get(SERVICE_IP.of(crashed)));
        assertNull(ipam.ledger().get(NODE_PORT.of(keptPorts.get(1))), "the port the Service does not list");
        assertEquals(kept, ipam.ledger().get(SERVICE.of("live-svc")).value(), "a live Service keeps its address");
        assertEquals("live-svc", ipam.ledger().get(SERVICE_IP.of(kept)).holder());
        assertNotNull(ipam.ledger().get(NODE_PORT.of(keptPorts.get(0))), "and the port it lists");
    }

    @Test
    void theGatewayAsksOverHttp() {
        String address = given().queryParam("service", "it/http").post("/network/v1/services/http-svc/cluster-ip")
                .then().statusCode(200).extract().path("clusterIP");
        given().post("/network/v1/services/http-svc/cluster-ip").then().statusCode(200)
                .body("clusterIP", equalTo(address));
        given().queryParam("ip", address).post("/network/v1/services/http-rival/cluster-ip").then().statusCode(409)
                .body("reason", equalTo("AlreadyAllocated"))
                .body("message", equalTo("provided IP is already allocated"));
        given().queryParam("ip", "192.168.0.1").post("/network/v1/services/http-rival/cluster-ip").then()
                .statusCode(422).body("reason", equalTo("OutOfRange"));

        int port = given().contentType(ContentType.JSON).body("{\"nodePorts\":[0]}")
                .post("/network/v1/services/http-svc/node-ports").then().statusCode(200).extract()
                .path("nodePorts[0]");
        given().contentType(ContentType.JSON).body("{\"nodePorts\":[0," + port + "]}")
                .post("/network/v1/services/http-rival/node-ports").then().statusCode(409)
                .body("reason", equalTo("AlreadyAllocated")).body("index", equalTo(1));
        given().contentType(ContentType.JSON).body("{\"nodePorts\":[80]}")
                .post("/network/v1/services/http-rival/node-ports").then().statusCode(422)
                .body("message", equalTo("provided port is not in the valid range. The range of valid ports is "
                        + "30000-32767"));

        given().delete("/network/v1/services/http-svc/cluster-ip").then().statusCode(204);
        given().queryParam("port", port).delete("/network/v1/services/http-svc/node-ports").then().statusCode(204);
        given().queryParam("ip", address).post("/network/v1/services/http-rival/cluster-ip").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"nodePorts\":[" + port + "]}")
                .post("/network/v1/services/http-rival/node-ports").then().statusCode(200)
                .body("nodePorts", contains(port));
    }
}

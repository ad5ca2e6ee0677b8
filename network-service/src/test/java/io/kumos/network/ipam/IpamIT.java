package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.IP;
import static io.kumos.network.ipam.LedgerKey.POD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Test;

import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * IPAM against the real grid: no subnet or address given twice under concurrent threads (processes: see
 * {@link IpamProcessesIT}), addresses given back and reclaimed, nothing leaked.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class IpamIT {

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

    @Test
    void nodesKeepTheirOwnSubnets() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Cidr>> claims = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String node = "subnet-node-" + (i % 16);
            claims.add(threads.submit(() -> ipam.subnetOf(node)));
        }
        Set<String> subnets = new HashSet<>();
        for (int i = 0; i < 32; i++) {
            Cidr subnet = claims.get(i).get();
            if (i < 16) {
                subnets.add(subnet.toString());
            } else {
                assertEquals(claims.get(i - 16).get(), subnet, "a node asking again gets its subnet");
            }
        }
        threads.shutdown();
        assertEquals(16, subnets.size(), "16 nodes, 16 distinct subnets: " + subnets);
    }

    @Test
    void concurrentAllocationsNeverShareAnAddress() throws Exception {
        Cidr subnet = ipam.subnetOf("busy-node");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<String>> addresses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String pod = "busy-pod-" + i;
            addresses.add(threads.submit(() -> ipam.addressOf(pod, "busy-node")));
        }
        Set<String> given = new HashSet<>();
        for (Future<String> address : addresses) {
            given.add(address.get());
        }
        List<Future<String>> again = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            again.add(threads.submit(() -> ipam.addressOf("busy-pod-7", "busy-node")));
        }
        for (Future<String> address : again) {
            assertEquals(addresses.get(7).get(), address.get(), "a pod asking again gets its address");
        }
        threads.shutdown();
        assertEquals(200, given.size(), "200 pods, 200 distinct addresses");
        String prefix = subnet.toString().substring(0, subnet.toString().lastIndexOf('.') + 1);
        given.forEach(address -> assertTrue(address.startsWith(prefix), address + " outside " + subnet));
    }

    @Test
    void releasedAddressesAreGivenAgainAndUnheldOnesAreReclaimed() {
        String first = ipam.addressOf("short-lived", "recycling-node");
        assertEquals(first, ipam.release("short-lived").orElseThrow());
        assertEquals(first, ipam.addressOf("successor", "recycling-node"), "the freed address is the first free one");
        String kept = ipam.addressOf("running-pod", "recycling-node");
        new ClusterFixture(grid, informers).projected().pod("running-pod");
        // A claim whose process died before recording the pod, and a pod that no longer exists ("successor").
        String orphan = ipam.subnetOf("recycling-node").address(200);
        ipam.ledger().put(IP.of(orphan), new IpamLease("crashed-pod", "recycling-node", System.currentTimeMillis()));
        Instant now = Instant.now();

        reconciler.reconcile(now);
        assertEquals("crashed-pod", ipam.ledger().get(IP.of(orphan)).holder(), "younger than the orphan grace");
        assertEquals(first, ipam.ledger().get(POD.of("successor")).value(), "the projection may lag behind");

        assertTrue(reconciler.reconcile(now.plus(config.orphanGrace()).plusSeconds(1)) >= 2);
        assertNull(ipam.ledger().get(IP.of(orphan)));
        assertNull(ipam.ledger().get(POD.of("successor")));
        assertNull(ipam.ledger().get(IP.of(first)));
        assertEquals(kept, ipam.ledger().get(POD.of("running-pod")).value(), "a running pod keeps its address");
        assertEquals("running-pod", ipam.ledger().get(IP.of(kept)).holder());
    }

    @Test
    void nothingIsFreedWhileTheProjectionIsIncomplete() {
        String address = ipam.addressOf("unprojected-pod", "unprojected-node");
        ClusterFixture cluster = new ClusterFixture(grid, informers);
        Instant later = Instant.now().plus(config.orphanGrace()).plusSeconds(1);
        cluster.unprojected();
        try {
            assertEquals(0, reconciler.reconcile(later));
            assertEquals(address, ipam.ledger().get(POD.of("unprojected-pod")).value());
        } finally {
            cluster.projected();
        }
        reconciler.reconcile(later);
        assertNull(ipam.ledger().get(POD.of("unprojected-pod")), "freed once the projection is complete");
    }

    @Test
    void agentsAskOverHttp() {
        String cidr = given().put("/network/v1/nodes/http-node/subnet").then().statusCode(200)
                .body("node", equalTo("http-node")).extract().path("podCIDR");
        String address = given().queryParam("node", "http-node").post("/network/v1/pods/uid-1/address").then()
                .statusCode(200).extract().path("address");
        assertTrue(address.startsWith(cidr.substring(0, cidr.lastIndexOf('.') + 1)), address + " in " + cidr);
        given().queryParam("node", "http-node").post("/network/v1/pods/uid-1/address").then()
                .body("address", equalTo(address));
        given().delete("/network/v1/pods/uid-1/address").then().statusCode(204);
        given().post("/network/v1/pods/uid-2/address").then().statusCode(400);
    }
}

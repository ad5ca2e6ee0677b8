package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.IP;
import static io.kumos.network.ipam.LedgerKey.NODE;
import static io.kumos.network.ipam.LedgerKey.POD;
import static io.kumos.network.ipam.LedgerKey.SUBNET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Node subnets against the real grid: a node keeps its subnet while it lives and across agent restarts; the subnet
 * of a node gone (no Node object, no heartbeat) for longer than the node grace is reclaimed with its pods'
 * addresses, not a moment before; a node asking while it is reclaimed never ends up sharing a subnet. Passes run at
 * chosen instants instead of waiting the grace out; each test uses nodes of its own.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class SubnetReclaimIT {

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

    private ClusterFixture cluster;
    private Duration grace;

    @BeforeEach
    void completeProjection() {
        cluster = new ClusterFixture(grid, informers).projected();
        grace = config.nodeGrace();
    }

    @Test
    void aGoneNodesSubnetAndAddressesAreReclaimedAfterTheGraceNotBefore() {
        Cidr subnet = ipam.subnetOf("gone-node");
        String address = ipam.addressOf("pod-on-gone-node", "gone-node");
        cluster.pod("pod-on-gone-node"); // still in the API, but its node's subnet is what decides
        Instant gone = Instant.now();

        reconciler.reconcile(gone);
        reconciler.reconcile(gone.plus(grace).minusSeconds(5));
        assertHolds("gone-node", subnet);
        assertEquals(address, ipam.ledger().get(POD.of("pod-on-gone-node")).value());

        reconciler.reconcile(gone.plus(grace).plusSeconds(5));
        assertNull(ipam.ledger().get(NODE.of("gone-node")), "the node's record");
        assertNull(ipam.ledger().get(SUBNET.of(subnet)), "the subnet's claim");
        assertNull(ipam.ledger().get(POD.of("pod-on-gone-node")), "its pod's record");
        assertNull(ipam.ledger().get(IP.of(address)), "its pod's address claim");
    }

    @Test
    void aNodeWithAHeartbeatOrANodeObjectKeepsItsSubnetAndTheGraceCountsFromWhenItWent() {
        Cidr beating = ipam.subnetOf("beating-node");
        Cidr registered = ipam.subnetOf("registered-node");
        cluster.heartbeat("beating-node");
        cluster.node("registered-node");
        Instant start = Instant.now();

        reconciler.reconcile(start);
        reconciler.reconcile(start.plus(grace.multipliedBy(3)));
        assertHolds("beating-node", beating);
        assertHolds("registered-node", registered);

        cluster.stopHeartbeat("beating-node");
        cluster.deleteNode("registered-node");
        Instant gone = start.plus(grace.multipliedBy(3)).plusSeconds(1);
        reconciler.reconcile(gone);
        reconciler.reconcile(gone.plus(grace).minusSeconds(5));
        assertHolds("beating-node", beating); // though its lease is older than the grace by far
        assertHolds("registered-node", registered);

        reconciler.reconcile(gone.plus(grace).plusSeconds(5));
        assertNull(ipam.ledger().get(NODE.of("beating-node")));
        assertNull(ipam.ledger().get(NODE.of("registered-node")));
        assertNull(ipam.ledger().get(SUBNET.of(beating)));
        assertNull(ipam.ledger().get(SUBNET.of(registered)));
    }

    @Test
    void aNodeKeepsItsSubnetAcrossAgentRestarts() {
        Cidr subnet = ipam.subnetOf("restarting-node");
        for (int restart = 0; restart < 5; restart++) {
            assertEquals(subnet, ipam.subnetOf("restarting-node"));
        }
        // An agent back after a long absence (its record last written long ago) still gets, and renews, its own.
        IpamLease old = new IpamLease("restarting-node", subnet.toString(), 0);
        ipam.ledger().put(NODE.of("restarting-node"), old);
        assertEquals(subnet, ipam.subnetOf("restarting-node"));
        assertNotEquals(old, ipam.ledger().get(NODE.of("restarting-node")), "the record was renewed");
        assertHolds("restarting-node", subnet);
    }

    @Test
    void aNodeRenewingWhileItIsReclaimedKeepsItsSubnetAlone() {
        Cidr subnet = ipam.subnetOf("renewing-node");
        IpamLease old = new IpamLease("renewing-node", subnet.toString(), 0);
        ipam.ledger().put(NODE.of("renewing-node"), old);
        // The reconciler has read the old record when the agent comes back and asks again.
        assertEquals(subnet, ipam.subnetOf("renewing-node"));

        assertEquals(0, new SubnetReclaim(ipam).reclaim("renewing-node", old), "the renewed record is not removed");
        assertHolds("renewing-node", subnet);
        assertNotEquals(subnet, ipam.subnetOf("renewing-neighbour"));
    }

    @Test
    void aNodeAskingWhileItIsReclaimedGetsASubnetNobodyElseHas() {
        Cidr subnet = ipam.subnetOf("reclaimed-node");
        String address = ipam.addressOf("pod-on-reclaimed-node", "reclaimed-node");
        // The reconciler has removed the node's record, not yet its subnet's claim, when the agent asks again.
        IpamLease record = ipam.ledger().get(NODE.of("reclaimed-node"));
        ipam.ledger().remove(NODE.of("reclaimed-node"), record);
        Cidr anew = ipam.subnetOf("reclaimed-node");
        assertNotEquals(subnet, anew, "the old subnet is still claimed");

        new SubnetReclaim(ipam).free("reclaimed-node", subnet);
        assertNull(ipam.ledger().get(SUBNET.of(subnet)));
        assertNull(ipam.ledger().get(IP.of(address)));
        assertHolds("reclaimed-node", anew);
    }

    /** The node's record points at the subnet and the subnet is claimed by the node. */
    private void assertHolds(String node, Cidr subnet) {
        IpamLease record = ipam.ledger().get(NODE.of(node));
        assertEquals(subnet.toString(), record == null ? null : record.value(), node + "'s record");
        IpamLease claim = ipam.ledger().get(SUBNET.of(subnet));
        assertEquals(node, claim == null ? null : claim.holder(), subnet + "'s claim");
    }
}

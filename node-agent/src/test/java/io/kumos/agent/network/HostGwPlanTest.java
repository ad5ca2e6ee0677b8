package io.kumos.agent.network;

import static io.kumos.agent.AgentConfig.OverlayBackend.HOST_GW;
import static io.kumos.agent.AgentConfig.OverlayBackend.VXLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kumos.agent.network.OverlayPlan.AddForwarding;
import io.kumos.agent.network.OverlayPlan.AddGateway;
import io.kumos.agent.network.OverlayPlan.AddNeighbour;
import io.kumos.agent.network.OverlayPlan.AddRoute;
import io.kumos.agent.network.OverlayPlan.Entries;
import io.kumos.agent.network.OverlayPlan.Forwarding;
import io.kumos.agent.network.OverlayPlan.Gateway;
import io.kumos.agent.network.OverlayPlan.Neighbour;
import io.kumos.agent.network.OverlayPlan.RemoveGateway;
import io.kumos.agent.network.OverlayPlan.RemoveVxlanDevice;
import io.kumos.agent.network.OverlayPlan.Route;
import io.kumos.grid.network.NodeNetworkLease;

/** The host-gw backend's plan, and switching between it and VXLAN on a node that ran the other. */
class HostGwPlanTest {

    private static final OverlayPlan.Links LINKS = new OverlayPlan.Links("kumos.1", "eth0");
    private static final NodeNetworkLease ONE = lease("n1", "10.244.0.0/24", "172.31.250.2");
    private static final NodeNetworkLease TWO = lease("n2", "10.244.1.0/24", "172.31.250.3");
    private static final NodeNetworkLease THREE = lease("n3", "10.244.2.0/24", "172.31.250.4");

    @Test
    void aNodeRoutesEveryOtherNodesSubnetViaItsUnderlayAddressWithNoDevice() {
        Entries wanted = OverlayPlan.wanted(HOST_GW, "n1", List.of(ONE, TWO, THREE));

        assertEquals(Set.of(new Gateway("10.244.1.0/24", "172.31.250.3"), new Gateway("10.244.2.0/24",
                "172.31.250.4")), wanted.gateways());
        assertFalse(wanted.vxlanDevice());
        assertTrue(wanted.routes().isEmpty() && wanted.neighbours().isEmpty() && wanted.forwarding().isEmpty());
    }

    @Test
    void aJoiningNodeGetsARouteAndALeavingOneLosesIt() {
        Entries two = OverlayPlan.wanted(HOST_GW, "n1", List.of(ONE, TWO));
        Entries three = OverlayPlan.wanted(HOST_GW, "n1", List.of(ONE, TWO, THREE));

        assertEquals(List.of(new AddGateway(new Gateway("10.244.2.0/24", "172.31.250.4"))),
                OverlayPlan.between(two, three));
        assertEquals(List.of(new RemoveGateway(new Gateway("10.244.2.0/24", "172.31.250.4"))),
                OverlayPlan.between(three, two));
        assertTrue(OverlayPlan.between(three, three).isEmpty());
    }

    @Test
    void aNodeWhoseAddressChangedIsRoutedViaTheNewAddressOnly() {
        Entries before = OverlayPlan.wanted(HOST_GW, "n1", List.of(ONE, TWO));
        NodeNetworkLease moved = lease("n2", "10.244.1.0/24", "172.31.250.9");

        List<OverlayPlan.Step> steps = OverlayPlan.between(before, OverlayPlan.wanted(HOST_GW, "n1",
                List.of(ONE, moved)));

        assertEquals(List.of(new RemoveGateway(new Gateway("10.244.1.0/24", "172.31.250.3")),
                new AddGateway(new Gateway("10.244.1.0/24", "172.31.250.9"))), steps);
    }

    @Test
    void switchingFromVxlanRemovesTheDeviceWithEverythingOnItBeforeRouting() {
        Entries vxlan = OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, vxlan(TWO, "0a:00:00:00:00:02")));

        List<OverlayPlan.Step> steps = OverlayPlan.between(vxlan, OverlayPlan.wanted(HOST_GW, "n1", List.of(ONE,
                TWO)));

        assertEquals(List.of(new RemoveVxlanDevice(), new AddGateway(new Gateway("10.244.1.0/24",
                "172.31.250.3"))), steps);
    }

    @Test
    void switchingToVxlanRemovesTheHostRoutesBeforeTheDeviceTakesTheirSubnets() {
        Entries hostGw = OverlayPlan.wanted(HOST_GW, "n1", List.of(ONE, TWO));
        Entries withDevice = new Entries(true, Set.of(), Set.of(), Set.of(), hostGw.gateways());

        List<OverlayPlan.Step> steps = OverlayPlan.between(withDevice, OverlayPlan.wanted(VXLAN, "n1",
                List.of(vxlan(ONE, "0a:00:00:00:00:01"), vxlan(TWO, "0a:00:00:00:00:02"))));

        assertEquals(List.of(new RemoveGateway(new Gateway("10.244.1.0/24", "172.31.250.3")),
                new AddForwarding(new Forwarding("0a:00:00:00:00:02", "172.31.250.3")),
                new AddNeighbour(new Neighbour("10.244.1.0", "0a:00:00:00:00:02")),
                new AddRoute(new Route("10.244.1.0/24", "10.244.1.0"))), steps);
    }

    @Test
    void aNodeReachesOnlyTheNodesOfItsOwnBackend() {
        List<NodeNetworkLease> mixed = List.of(ONE, TWO, vxlan(THREE, "0a:00:00:00:00:03"));

        assertEquals(Set.of(new Gateway("10.244.1.0/24", "172.31.250.3")),
                OverlayPlan.wanted(HOST_GW, "n1", mixed).gateways());
        assertEquals(Set.of(new Route("10.244.2.0/24", "10.244.2.0")),
                OverlayPlan.wanted(VXLAN, "n1", mixed).routes());
    }

    @Test
    void hostRoutesAreOnTheUnderlayLinkMarkedAsKumosOwn() {
        Gateway gateway = new Gateway("10.244.1.0/24", "172.31.250.3");

        assertEquals(List.of("ip", "route", "replace", "10.244.1.0/24", "via", "172.31.250.3", "dev", "eth0",
                "proto", "75"), new AddGateway(gateway).command(LINKS));
        assertEquals(List.of("ip", "route", "del", "10.244.1.0/24", "via", "172.31.250.3", "dev", "eth0",
                "proto", "75"), new RemoveGateway(gateway).command(LINKS));
        assertEquals(List.of("ip", "link", "del", "kumos.1"), new RemoveVxlanDevice().command(LINKS));
    }

    /** A host-gw node's lease: no VTEP. */
    private static NodeNetworkLease lease(String node, String subnet, String underlay) {
        return new NodeNetworkLease(node, subnet, underlay, "", 0);
    }

    private static NodeNetworkLease vxlan(NodeNetworkLease lease, String mac) {
        return new NodeNetworkLease(lease.node(), lease.podCidr(), lease.underlayAddress(), mac, 0);
    }
}

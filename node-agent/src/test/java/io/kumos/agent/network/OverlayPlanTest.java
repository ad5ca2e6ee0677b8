package io.kumos.agent.network;

import static io.kumos.agent.AgentConfig.OverlayBackend.VXLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kumos.agent.network.OverlayPlan.AddForwarding;
import io.kumos.agent.network.OverlayPlan.AddNeighbour;
import io.kumos.agent.network.OverlayPlan.AddRoute;
import io.kumos.agent.network.OverlayPlan.Entries;
import io.kumos.agent.network.OverlayPlan.Forwarding;
import io.kumos.agent.network.OverlayPlan.Neighbour;
import io.kumos.agent.network.OverlayPlan.RemoveForwarding;
import io.kumos.agent.network.OverlayPlan.RemoveNeighbour;
import io.kumos.agent.network.OverlayPlan.RemoveRoute;
import io.kumos.agent.network.OverlayPlan.Route;
import io.kumos.grid.network.NodeNetworkLease;

class OverlayPlanTest {

    private static final OverlayPlan.Links LINKS = new OverlayPlan.Links("kumos.1", "eth0");

    private static final NodeNetworkLease ONE = lease("n1", "10.244.0.0/24", "172.31.250.2", "0a:00:00:00:00:01");
    private static final NodeNetworkLease TWO = lease("n2", "10.244.1.0/24", "172.31.250.3", "0a:00:00:00:00:02");
    private static final NodeNetworkLease THREE = lease("n3", "10.244.2.0/24", "172.31.250.4", "0a:00:00:00:00:03");

    @Test
    void aNodeNeedsAnEntryOfEachKindForEveryOtherNodeAndNoneForItself() {
        Entries wanted = OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO, THREE));

        assertEquals(Set.of(new Route("10.244.1.0/24", "10.244.1.0"), new Route("10.244.2.0/24", "10.244.2.0")),
                wanted.routes());
        assertEquals(Set.of(new Neighbour("10.244.1.0", "0a:00:00:00:00:02"),
                new Neighbour("10.244.2.0", "0a:00:00:00:00:03")), wanted.neighbours());
        assertEquals(Set.of(new Forwarding("0a:00:00:00:00:02", "172.31.250.3"),
                new Forwarding("0a:00:00:00:00:03", "172.31.250.4")), wanted.forwarding());
    }

    @Test
    void aJoiningNodeIsAddedForwardingFirstSoItsRouteNeverLeadsNowhere() {
        Entries before = OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO));

        List<OverlayPlan.Step> steps = OverlayPlan.between(before,
                OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO, THREE)));

        assertEquals(List.of(new AddForwarding(new Forwarding("0a:00:00:00:00:03", "172.31.250.4")),
                new AddNeighbour(new Neighbour("10.244.2.0", "0a:00:00:00:00:03")),
                new AddRoute(new Route("10.244.2.0/24", "10.244.2.0"))), steps);
    }

    @Test
    void aLeavingNodeLeavesNothingBehind() {
        Entries before = OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO, THREE));

        List<OverlayPlan.Step> steps = OverlayPlan.between(before,
                OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO)));

        assertEquals(List.of(new RemoveRoute(new Route("10.244.2.0/24", "10.244.2.0")),
                new RemoveNeighbour(new Neighbour("10.244.2.0", "0a:00:00:00:00:03")),
                new RemoveForwarding(new Forwarding("0a:00:00:00:00:03", "172.31.250.4"))), steps);
    }

    @Test
    void aNodeWhoseAddressChangedIsForwardedToTheNewAddressOnly() {
        Entries before = OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO));
        NodeNetworkLease moved = lease("n2", "10.244.1.0/24", "172.31.250.9", "0a:00:00:00:00:02");

        List<OverlayPlan.Step> steps = OverlayPlan.between(before,
                OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, moved)));

        assertEquals(List.of(new RemoveForwarding(new Forwarding("0a:00:00:00:00:02", "172.31.250.3")),
                new AddForwarding(new Forwarding("0a:00:00:00:00:02", "172.31.250.9"))), steps);
    }

    @Test
    void aNodeWithANewVtepGetsItsNeighbourAndForwardingReplaced() {
        Entries before = OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO));
        NodeNetworkLease remade = lease("n2", "10.244.1.0/24", "172.31.250.3", "0a:00:00:00:00:22");

        List<OverlayPlan.Step> steps = OverlayPlan.between(before,
                OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, remade)));

        assertEquals(List.of(new RemoveNeighbour(new Neighbour("10.244.1.0", "0a:00:00:00:00:02")),
                new RemoveForwarding(new Forwarding("0a:00:00:00:00:02", "172.31.250.3")),
                new AddForwarding(new Forwarding("0a:00:00:00:00:22", "172.31.250.3")),
                new AddNeighbour(new Neighbour("10.244.1.0", "0a:00:00:00:00:22"))), steps);
    }

    @Test
    void whatTheKernelHasAlreadyNeedsNoStepAndStrayEntriesGo() {
        Entries wanted = OverlayPlan.wanted(VXLAN, "n1", List.of(ONE, TWO));
        assertTrue(OverlayPlan.between(wanted, wanted).isEmpty());

        Entries stray = new Entries(true, Set.of(new Route("10.244.7.0/24", "10.244.7.0")), Set.of(), Set.of(),
                Set.of());
        assertEquals(List.of(new RemoveRoute(new Route("10.244.7.0/24", "10.244.7.0"))),
                OverlayPlan.between(stray, OverlayPlan.wanted(VXLAN, "n1", List.of(ONE))));
    }

    @Test
    void stepsAreTheIproute2CommandsOfFlannelsScheme() {
        assertEquals(List.of("ip", "route", "replace", "10.244.1.0/24", "via", "10.244.1.0", "dev", "kumos.1",
                "onlink"), new AddRoute(new Route("10.244.1.0/24", "10.244.1.0")).command(LINKS));
        assertEquals(List.of("bridge", "fdb", "append", "0a:00:00:00:00:02", "dev", "kumos.1", "dst",
                "172.31.250.3"), new AddForwarding(new Forwarding("0a:00:00:00:00:02", "172.31.250.3"))
                        .command(LINKS));
    }

    private static NodeNetworkLease lease(String node, String subnet, String underlay, String mac) {
        return new NodeNetworkLease(node, subnet, underlay, mac, 0);
    }
}

package io.kumos.agent.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kumos.agent.AgentConfig.OverlayBackend;
import io.kumos.grid.network.NodeNetworkLease;

/**
 * How the node reaches the other nodes' pod subnets, planned from their leases with one of flannel's two backends.
 * With {@code vxlan}, for each other node a route to its pod subnet through the node's VXLAN device via its VTEP
 * address (the subnet's first address, {@code .0}), a neighbour entry giving that address the node's VTEP MAC, and a
 * forwarding entry sending that MAC to the node's underlay address. With {@code host-gw} (hosts on one L2 segment),
 * no device: for each other node a route to its pod subnet via its underlay address, straight on the underlay link,
 * marked with the routing protocol {@value #PROTOCOL} so that only routes Kumos made are ever taken away.
 *
 * <p>A node reaches only the nodes of its own backend: a lease with a VTEP MAC is a VXLAN node's, one without a
 * host-gw node's (as flannel's leases carry their backend type). In a mixed cluster the pods of the other backend's
 * nodes stay unreachable (the pod range's unreachable route) instead of half reachable, with replies lost.
 *
 * <p>{@link #between} compares the plan with what the kernel has and answers the steps in between: removals first (a
 * node that left, whatever changed of one, the other backend's device or routes), then additions. A pure function.
 */
public final class OverlayPlan {

    /** The routing protocol of the host-gw routes, as {@code ip route ... proto} takes it: Kumos' mark. */
    public static final String PROTOCOL = "75";

    /** The links the steps name: the node's VXLAN device and its link to the underlay. */
    public record Links(String vxlan, String underlay) {
    }

    /** A route to a node's pod subnet through the VXLAN device via its VTEP address. */
    public record Route(String subnet, String via) {
    }

    /** A neighbour entry: the VTEP address of a node has its VTEP MAC. */
    public record Neighbour(String address, String mac) {
    }

    /** A forwarding entry: frames for a VTEP MAC go to that node's underlay address. */
    public record Forwarding(String mac, String underlay) {
    }

    /** A host-gw route: a node's pod subnet via its underlay address, on the underlay link. */
    public record Gateway(String subnet, String via) {
    }

    /**
     * What the node has, or should have.
     *
     * @param vxlanDevice whether there is a VXLAN device; the routes, neighbours and forwarding entries are on it
     * @param gateways    the host-gw routes on the underlay link
     */
    public record Entries(boolean vxlanDevice, Set<Route> routes, Set<Neighbour> neighbours,
            Set<Forwarding> forwarding, Set<Gateway> gateways) {

        /** Nothing: no device and no route. */
        public static Entries none() {
            return new Entries(false, Set.of(), Set.of(), Set.of(), Set.of());
        }
    }

    /** One change to the node, as the iproute2 command that makes it. */
    public sealed interface Step {

        /** The command, for the node's links. */
        List<String> command(Links links);
    }

    public record AddRoute(Route route) implements Step {
        public List<String> command(Links links) {
            return List.of("ip", "route", "replace", route.subnet(), "via", route.via(), "dev", links.vxlan(),
                    "onlink");
        }
    }

    public record RemoveRoute(Route route) implements Step {
        public List<String> command(Links links) {
            return List.of("ip", "route", "del", route.subnet(), "dev", links.vxlan());
        }
    }

    public record AddNeighbour(Neighbour neighbour) implements Step {
        public List<String> command(Links links) {
            return List.of("ip", "neigh", "replace", neighbour.address(), "lladdr", neighbour.mac(), "dev",
                    links.vxlan(), "nud", "permanent");
        }
    }

    public record RemoveNeighbour(Neighbour neighbour) implements Step {
        public List<String> command(Links links) {
            return List.of("ip", "neigh", "del", neighbour.address(), "dev", links.vxlan());
        }
    }

    public record AddForwarding(Forwarding forwarding) implements Step {
        public List<String> command(Links links) {
            return List.of("bridge", "fdb", "append", forwarding.mac(), "dev", links.vxlan(), "dst",
                    forwarding.underlay());
        }
    }

    public record RemoveForwarding(Forwarding forwarding) implements Step {
        public List<String> command(Links links) {
            return List.of("bridge", "fdb", "del", forwarding.mac(), "dev", links.vxlan(), "dst",
                    forwarding.underlay());
        }
    }

    public record AddGateway(Gateway gateway) implements Step {
        public List<String> command(Links links) {
            return List.of("ip", "route", "replace", gateway.subnet(), "via", gateway.via(), "dev", links.underlay(),
                    "proto", PROTOCOL);
        }
    }

    public record RemoveGateway(Gateway gateway) implements Step {
        public List<String> command(Links links) {
            return List.of("ip", "route", "del", gateway.subnet(), "via", gateway.via(), "dev", links.underlay(),
                    "proto", PROTOCOL);
        }
    }

    /** The VXLAN device goes, and with it every route, neighbour and forwarding entry on it. */
    public record RemoveVxlanDevice() implements Step {
        public List<String> command(Links links) {
            return List.of("ip", "link", "del", links.vxlan());
        }
    }

    private OverlayPlan() {
    }

    /** The entries the leases of the other nodes of the backend call for; this node's own lease calls for none. */
    public static Entries wanted(OverlayBackend backend, String self, Collection<NodeNetworkLease> leases) {
        Set<Route> routes = new HashSet<>();
        Set<Neighbour> neighbours = new HashSet<>();
        Set<Forwarding> forwarding = new HashSet<>();
        Set<Gateway> gateways = new HashSet<>();
        for (NodeNetworkLease lease : leases) {
            if (lease.node().equals(self) || backendOf(lease) != backend) {
                continue;
            }
            if (backend == OverlayBackend.HOST_GW) {
                gateways.add(new Gateway(lease.podCidr(), lease.underlayAddress()));
                continue;
            }
            String vtep = vtepAddress(lease.podCidr());
            routes.add(new Route(lease.podCidr(), vtep));
            neighbours.add(new Neighbour(vtep, lease.vtepMac()));
            forwarding.add(new Forwarding(lease.vtepMac(), lease.underlayAddress()));
        }
        return new Entries(backend == OverlayBackend.VXLAN, routes, neighbours, forwarding, gateways);
    }

    /** The backend of the node that holds a lease: VXLAN when it has a VTEP. */
    static OverlayBackend backendOf(NodeNetworkLease lease) {
        return lease.vtepMac() == null || lease.vtepMac().isEmpty() ? OverlayBackend.HOST_GW : OverlayBackend.VXLAN;
    }

    /** The steps from what the node has to what it should have; none when they are the same. */
    public static List<Step> between(Entries current, Entries wanted) {
        List<Step> steps = new ArrayList<>();
        if (current.vxlanDevice() && !wanted.vxlanDevice()) {
            steps.add(new RemoveVxlanDevice());
            current = new Entries(false, Set.of(), Set.of(), Set.of(), current.gateways());
        }
        minus(current.routes(), wanted.routes()).forEach(route -> steps.add(new RemoveRoute(route)));
        minus(current.neighbours(), wanted.neighbours()).forEach(n -> steps.add(new RemoveNeighbour(n)));
        minus(current.forwarding(), wanted.forwarding()).forEach(f -> steps.add(new RemoveForwarding(f)));
        minus(current.gateways(), wanted.gateways()).forEach(g -> steps.add(new RemoveGateway(g)));
        minus(wanted.forwarding(), current.forwarding()).forEach(f -> steps.add(new AddForwarding(f)));
        minus(wanted.neighbours(), current.neighbours()).forEach(n -> steps.add(new AddNeighbour(n)));
        minus(wanted.routes(), current.routes()).forEach(route -> steps.add(new AddRoute(route)));
        minus(wanted.gateways(), current.gateways()).forEach(g -> steps.add(new AddGateway(g)));
        return steps;
    }

    /** A subnet's VTEP address: its first address, as flannel gives it to the device ({@code 10.244.3.0}). */
    public static String vtepAddress(String subnet) {
        return subnet.substring(0, subnet.indexOf('/'));
    }

    private static <T> List<T> minus(Set<T> from, Set<T> taken) {
        return from.stream().filter(entry -> !taken.contains(entry)).sorted(Comparator.comparing(Object::toString))
                .toList();
    }
}

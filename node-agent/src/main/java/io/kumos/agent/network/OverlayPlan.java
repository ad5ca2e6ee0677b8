package io.kumos.agent.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kumos.grid.network.NodeNetworkLease;

/**
 * What the node's VXLAN device needs to reach the other nodes, flannel's scheme: for each other node's lease a
 * route to its pod subnet through the device via its VTEP address (the subnet's first address, {@code .0}), a
 * neighbour entry giving that address the node's VTEP MAC, and a forwarding entry sending that MAC to the node's
 * underlay address. {@link #between} compares that with what the kernel has and answers the steps in between:
 * removals first (a node that left, or whatever changed of one), then additions. A pure function.
 */
public final class OverlayPlan {

    /** A route to a node's pod subnet via its VTEP address. */
    public record Route(String subnet, String via) {
    }

    /** A neighbour entry: the VTEP address of a node has its VTEP MAC. */
    public record Neighbour(String address, String mac) {
    }

    /** A forwarding entry: frames for a VTEP MAC go to that node's underlay address. */
    public record Forwarding(String mac, String underlay) {
    }

    /** What the device has, or should have. */
    public record Entries(Set<Route> routes, Set<Neighbour> neighbours, Set<Forwarding> forwarding) {

        public static Entries none() {
            return new Entries(Set.of(), Set.of(), Set.of());
        }
    }

    /** One change to the device, as the iproute2 command that makes it. */
    public sealed interface Step {

        /** The command, for the named VXLAN device. */
        List<String> command(String device);
    }

    public record AddRoute(Route route) implements Step {
        public List<String> command(String device) {
            return List.of("ip", "route", "replace", route.subnet(), "via", route.via(), "dev", device, "onlink");
        }
    }

    public record RemoveRoute(Route route) implements Step {
        public List<String> command(String device) {
            return List.of("ip", "route", "del", route.subnet(), "dev", device);
        }
    }

    public record AddNeighbour(Neighbour neighbour) implements Step {
        public List<String> command(String device) {
            return List.of("ip", "neigh", "replace", neighbour.address(), "lladdr", neighbour.mac(), "dev", device,
                    "nud", "permanent");
        }
    }

    public record RemoveNeighbour(Neighbour neighbour) implements Step {
        public List<String> command(String device) {
            return List.of("ip", "neigh", "del", neighbour.address(), "dev", device);
        }
    }

    public record AddForwarding(Forwarding forwarding) implements Step {
        public List<String> command(String device) {
            return List.of("bridge", "fdb", "append", forwarding.mac(), "dev", device, "dst", forwarding.underlay());
        }
    }

    public record RemoveForwarding(Forwarding forwarding) implements Step {
        public List<String> command(String device) {
            return List.of("bridge", "fdb", "del", forwarding.mac(), "dev", device, "dst", forwarding.underlay());
        }
    }

    private OverlayPlan() {
    }

    /** The entries the leases of the other nodes call for; this node's own lease calls for none. */
    public static Entries wanted(String self, Collection<NodeNetworkLease> leases) {
        Set<Route> routes = new HashSet<>();
        Set<Neighbour> neighbours = new HashSet<>();
        Set<Forwarding> forwarding = new HashSet<>();
        for (NodeNetworkLease lease : leases) {
            if (lease.node().equals(self)) {
                continue;
            }
            String vtep = vtepAddress(lease.podCidr());
            routes.add(new Route(lease.podCidr(), vtep));
            neighbours.add(new Neighbour(vtep, lease.vtepMac()));
            forwarding.add(new Forwarding(lease.vtepMac(), lease.underlayAddress()));
        }
        return new Entries(routes, neighbours, forwarding);
    }

    /** The steps from what the device has to what it should have; none when they are the same. */
    public static List<Step> between(Entries current, Entries wanted) {
        List<Step> steps = new ArrayList<>();
        minus(current.routes(), wanted.routes()).forEach(route -> steps.add(new RemoveRoute(route)));
        minus(current.neighbours(), wanted.neighbours()).forEach(n -> steps.add(new RemoveNeighbour(n)));
        minus(current.forwarding(), wanted.forwarding()).forEach(f -> steps.add(new RemoveForwarding(f)));
        minus(wanted.forwarding(), current.forwarding()).forEach(f -> steps.add(new AddForwarding(f)));
        minus(wanted.neighbours(), current.neighbours()).forEach(n -> steps.add(new AddNeighbour(n)));
        minus(wanted.routes(), current.routes()).forEach(route -> steps.add(new AddRoute(route)));
        return steps;
    }

    /** A subnet's VTEP address: its first address, as flannel gives it to the device ({@code 10.244.3.0}). */
    public static String vtepAddress(String subnet) {
        return subnet.substring(0, subnet.indexOf('/'));
    }

    private static <T> List<T> minus(Set<T> from, Set<T> taken) {
        return from.stream().filter(entry -> !taken.contains(entry)).sorted(java.util.Comparator.comparing(
                Object::toString)).toList();
    }
}

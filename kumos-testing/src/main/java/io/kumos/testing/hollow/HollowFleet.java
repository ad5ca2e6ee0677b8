package io.kumos.testing.hollow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What simulated nodes to register: {@code count} nodes named {@code <prefix>-1} … {@code <prefix>-<count>}, each
 * with the same capacity, spread round-robin over {@code zones} (the {@code topology.kubernetes.io/zone} label).
 *
 * @param heartbeatPeriod how often the fleet's grid heartbeats are renewed (a node agent's default: 2 s, well
 *                        inside health-service's 10 s grace)
 * @param leaseRenewal    how often each node's Lease in {@code kube-node-lease} is renewed through the API; empty:
 *                        created once and left, since health-service hears a node from its grid heartbeat alone and
 *                        5,000 Leases renewed every few seconds would be most of what the API is asked
 * @param runPods         whether the pods bound to the fleet are reported Running (and their deletion confirmed),
 *                        as by a kubelet whose containers start at once
 */
public record HollowFleet(String prefix, int count, String cpu, String memory, int maxPods, List<String> zones,
        Duration heartbeatPeriod, Optional<Duration> leaseRenewal, boolean runPods) {

    /** The label every node of a fleet carries, valued with the fleet's prefix. */
    public static final String LABEL = "kumos.io/hollow";
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    public HollowFleet {
        if (count < 0 || zones.isEmpty() || heartbeatPeriod.isNegative() || heartbeatPeriod.isZero()) {
            throw new IllegalArgumentException("a fleet needs a count of 0 or more, a zone and a heartbeat period");
        }
        zones = List.copyOf(zones);
    }

    /** {@code count} nodes of 4 CPUs, 16 GiB and 110 pods over three zones, heartbeating every 2 s, no pods run. */
    public static HollowFleet of(String prefix, int count) {
        return new HollowFleet(prefix, count, "4", "16Gi", 110, List.of("zone-a", "zone-b", "zone-c"),
                Duration.ofSeconds(2), Optional.empty(), false);
    }

    public HollowFleet withCapacity(String cpu, String memory, int maxPods) {
        return new HollowFleet(prefix, count, cpu, memory, maxPods, zones, heartbeatPeriod, leaseRenewal, runPods);
    }

    public HollowFleet withZones(List<String> zones) {
        return new HollowFleet(prefix, count, cpu, memory, maxPods, zones, heartbeatPeriod, leaseRenewal, runPods);
    }

    public HollowFleet withLeaseRenewal(Duration every) {
        return new HollowFleet(prefix, count, cpu, memory, maxPods, zones, heartbeatPeriod, Optional.of(every),
                runPods);
    }

    public HollowFleet runningPods(boolean run) {
        return new HollowFleet(prefix, count, cpu, memory, maxPods, zones, heartbeatPeriod, leaseRenewal, run);
    }

    /** The name of the {@code index}th node, from 1. */
    public String name(int index) {
        return prefix + "-" + index;
    }

    /** The zone of the {@code index}th node. */
    public String zone(int index) {
        return zones.get((index - 1) % zones.size());
    }

    /** Every node's name, in order. */
    public List<String> names() {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(this::name).toList();
    }
}

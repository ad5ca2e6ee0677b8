package io.kumos.gateway.network;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.kinds.ServiceSpecs;

/**
 * What writing a Service asks of network-service, from the Service as it is about to be written (defaulted,
 * validated, with what an update keeps of the old one) and as it was ({@code null} for a create):
 * <ul>
 * <li>a cluster IP to claim: the one written if it is new, any ({@code ""}) if none is written; none for
 * ExternalName and headless Services;</li>
 * <li>node ports to claim, each for a Service port ({@link #portIndexes}): the one written if the old Service did
 * not hold it, any (0) for a port without one where the type allocates them;</li>
 * <li>what to give back once the write is committed: the old cluster IP if the Service has no more use for it, the
 * old node ports it no longer lists.</li>
 * </ul>
 * Pure.
 *
 * @param clusterIp         the cluster IP to claim, {@code ""} for any; empty for none
 * @param portIndexes       for each node port to claim, the index of its Service port
 * @param nodePorts         the node ports to claim, 0 for any
 * @param releasesClusterIp whether the old cluster IP is given back after the write
 * @param releasedNodePorts the old node ports given back after the write
 */
record ServiceAddressPlan(Optional<String> clusterIp, List<Integer> portIndexes, List<Integer> nodePorts,
        boolean releasesClusterIp, List<Integer> releasedNodePorts) {

    static ServiceAddressPlan of(JsonNode service, JsonNode old) {
        JsonNode spec = service.path("spec");
        JsonNode before = old == null ? null : old.path("spec");
        String oldIp = before != null && ServiceSpecs.hasClusterIp(before) && !ServiceSpecs.headless(before)
                ? ServiceSpecs.clusterIp(before) : "";
        boolean addressed = ServiceSpecs.hasClusterIp(spec) && !ServiceSpecs.headless(spec);
        String newIp = addressed ? ServiceSpecs.clusterIp(spec) : "";
        Optional<String> clusterIp = addressed && (newIp.isEmpty() || !newIp.equals(oldIp))
                ? Optional.of(newIp) : Optional.empty();
        Set<Integer> held = before != null && ServiceSpecs.usesNodePorts(before) ? nodePortsOf(before)
                : Set.of();
        List<Integer> indexes = new ArrayList<>();
        List<Integer> wanted = new ArrayList<>();
        Set<Integer> kept = new LinkedHashSet<>();
        if (ServiceSpecs.usesNodePorts(spec)) {
            int i = 0;
            for (JsonNode port : spec.path("ports")) {
                int nodePort = port.path("nodePort").asInt(0);
                boolean any = nodePort == 0 && ServiceSpecs.allocatesNodePorts(spec);
                if (any || (nodePort != 0 && !held.contains(nodePort))) {
                    indexes.add(i);
                    wanted.add(nodePort);
                }
                kept.add(nodePort);
                i++;
            }
        }
        List<Integer> released = held.stream().filter(port -> !kept.contains(port)).toList();
        // A Service holds one cluster IP for life (it is immutable): it gives it back only when it has no more use.
        return new ServiceAddressPlan(clusterIp, indexes, wanted, !oldIp.isEmpty() && !addressed, released);
    }

    /** Whether the write claims nothing (it may still give back). */
    boolean claimsNothing() {
        return clusterIp.isEmpty() && nodePorts.isEmpty();
    }

    private static Set<Integer> nodePortsOf(JsonNode spec) {
        Set<Integer> ports = new LinkedHashSet<>();
        spec.path("ports").forEach(port -> {
            if (port.path("nodePort").asInt(0) != 0) {
                ports.add(port.path("nodePort").asInt());
            }
        });
        return ports;
    }
}

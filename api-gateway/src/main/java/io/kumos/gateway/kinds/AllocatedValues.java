package io.kumos.gateway.kinds;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an update of a Service keeps of the values the server allocated, and drops, as kube-apiserver's
 * {@code patchAllocatedValues} and {@code dropTypeDependentFields} do. A client that replaces a Service with its
 * manifest (which has no cluster IP, no node ports) keeps the ones the Service has; a Service changed to a type
 * that has no use for them loses them, unless the client changed them in the same update (then validation says no).
 * Pure.
 */
final class AllocatedValues {

    private static final List<String> CLUSTER_IP_FIELDS = List.of("clusterIP", "clusterIPs", "ipFamilies",
            "ipFamilyPolicy");

    private AllocatedValues() {
    }

    static void carryOver(ObjectNode service, JsonNode old) {
        ObjectNode spec = Nodes.object(service, "spec");
        JsonNode before = old.path("spec");
        if (ServiceSpecs.hasClusterIp(before) && ServiceSpecs.hasClusterIp(spec)) {
            for (String field : CLUSTER_IP_FIELDS) {
                if (absent(spec.get(field)) && !absent(before.get(field))) {
                    spec.set(field, before.get(field).deepCopy());
                }
            }
        }
        if (ServiceSpecs.usesNodePorts(before) && ServiceSpecs.usesNodePorts(spec)) {
            keepNodePorts(spec, before);
        }
        dropTypeDependent(spec, before);
    }

    /** A port without a node port gets the one the old port of the same name had, unless another port took it. */
    private static void keepNodePorts(ObjectNode spec, JsonNode before) {
        Map<String, Integer> byName = new HashMap<>();
        Set<Integer> old = new HashSet<>();
        for (JsonNode port : before.path("ports")) {
            byName.put(port.path("name").asText(""), port.path("nodePort").asInt(0));
            old.add(port.path("nodePort").asInt(0));
        }
        Set<Integer> used = new HashSet<>();
        spec.path("ports").forEach(port -> used.add(port.path("nodePort").asInt(0)));
        used.retainAll(old);
        for (ObjectNode port : Nodes.objects(spec, "ports")) {
            int kept = byName.getOrDefault(port.path("name").asText(""), 0);
            if (port.path("nodePort").asInt(0) == 0 && kept != 0 && used.add(kept)) {
                port.put("nodePort", kept);
            }
        }
    }

    private static void dropTypeDependent(ObjectNode spec, JsonNode before) {
        if (ServiceSpecs.hasClusterIp(before) && !ServiceSpecs.hasClusterIp(spec)
                && ServiceSpecs.clusterIp(spec).equals(ServiceSpecs.clusterIp(before))) {
            spec.remove(CLUSTER_IP_FIELDS);
        }
        if (ServiceSpecs.usesNodePorts(before) && !ServiceSpecs.usesNodePorts(spec) && sameNodePorts(spec, before)) {
            Nodes.objects(spec, "ports").forEach(port -> port.remove("nodePort"));
        }
    }

    private static boolean sameNodePorts(JsonNode spec, JsonNode before) {
        JsonNode ports = spec.path("ports");
        JsonNode old = before.path("ports");
        if (ports.size() != old.size()) {
            return false;
        }
        for (int i = 0; i < ports.size(); i++) {
            if (ports.path(i).path("nodePort").asInt(0) != old.path(i).path("nodePort").asInt(0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())
                || (value.isArray() && value.isEmpty());
    }
}

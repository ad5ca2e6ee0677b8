package io.kumos.gateway.kinds;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * core/v1 Services: type, affinity and port defaults; valid ports and node ports; a cluster IP that never changes
 * once set, kept (with the node ports) by an update that leaves it out. The cluster IP and node ports themselves are
 * allocated by network-service when the object is written ({@code io.kumos.gateway.network}).
 */
final class ServiceRules implements KindRules {

    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");

    @Override
    public void applyDefaults(ObjectNode service) {
        ObjectNode spec = Nodes.object(service, "spec");
        Nodes.defaultText(spec, "type", "ClusterIP");
        Nodes.defaultText(spec, "sessionAffinity", "None");
        String type = spec.path("type").asText();
        if (!type.equals("ExternalName")) {
            Nodes.defaultText(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            Nodes.defaultText(spec, "externalTrafficPolicy", "Cluster");
        }
        for (ObjectNode port : Nodes.objects(spec, "ports")) {
            Nodes.defaultText(port, "protocol", "TCP");
            if (Nodes.missing(port, "targetPort") && port.has("port")) {
                port.set("targetPort", port.get("port"));
            }
        }
        String clusterIP = ServiceSpecs.clusterIp(spec);
        if (!clusterIP.isEmpty() && spec.path("clusterIP").asText("").isEmpty()) {
            spec.put("clusterIP", clusterIP);
        }
        if (!clusterIP.isEmpty() && spec.path("clusterIPs").isEmpty()) {
            spec.putArray("clusterIPs").add(clusterIP);
        }
        if (!clusterIP.isEmpty() && !clusterIP.equals("None")) {
            if (!spec.has("ipFamilies")) {
                spec.putArray("ipFamilies").add(clusterIP.contains(":") ? "IPv6" : "IPv4");
            }
            Nodes.defaultText(spec, "ipFamilyPolicy", "SingleStack");
        }
    }

    @Override
    public void applyUpdateDefaults(ObjectNode service, JsonNode old) {
        AllocatedValues.carryOver(service, old);
    }

    @Override
    public void prepareForCreate(ObjectNode service) {
        service.putObject("status").putObject("loadBalancer");
    }

    @Override
    public void validate(ObjectNode service, FieldErrors errors) {
        JsonNode spec = service.path("spec");
        JsonNode type = spec.path("type");
        if (!TYPES.contains(type.asText())) {
            errors.notSupported("spec.type", type, TYPES);
        }
        JsonNode affinity = spec.path("sessionAffinity");
        if (!AFFINITIES.contains(affinity.asText())) {
            errors.notSupported("spec.sessionAffinity", affinity, AFFINITIES);
        }
        boolean headless = ServiceSpecs.headless(spec);
        validateClusterIp(spec, errors);
        if ("ExternalName".equals(type.asText())) {
            if (spec.path("externalName").asText("").isEmpty()) {
                errors.required("spec.externalName", "");
            }
        } else if (!headless && spec.path("ports").isEmpty()) {
            errors.required("spec.ports", "");
        }
        int count = spec.path("ports").size();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode port : spec.path("ports")) {
            String path = "spec.ports[" + i++ + "]";
            JsonNode name = port.path("name");
            if (count > 1 && name.asText("").isEmpty()) {
                errors.required(path + ".name", "");
            } else if (!name.asText("").isEmpty() && !names.add(name.asText())) {
                errors.duplicate(path + ".name", name);
            }
            JsonNode number = port.path("port");
            if (!number.isInt() || number.asInt() < 1 || number.asInt() > 65535) {
                errors.invalid(path + ".port", number, "must be between 1 and 65535, inclusive");
            }
            JsonNode protocol = port.path("protocol");
            if (!PROTOCOLS.contains(protocol.asText())) {
                errors.notSupported(path + ".protocol", protocol, PROTOCOLS);
            }
        }
        validateNodePorts(spec, errors);
    }

    /** A cluster IP is an address, or None (headless) for a type that needs no address of its own. */
    private static void validateClusterIp(JsonNode spec, FieldErrors errors) {
        String clusterIp = ServiceSpecs.clusterIp(spec);
        if (clusterIp.isEmpty() || !ServiceSpecs.hasClusterIp(spec)) {
            return;
        }
        JsonNode shown = spec.path("clusterIPs").isEmpty() ? spec.path("clusterIP") : spec.path("clusterIPs").path(0);
        if (clusterIp.equals("None")) {
            if (ServiceSpecs.usesNodePorts(spec)) {
                errors.invalid("spec.clusterIPs[0]", shown, "may not be set to 'None' for "
                        + spec.path("type").asText() + " services");
            }
        } else if (!IPV4.matcher(clusterIp).matches() && !clusterIp.contains(":")) {
            errors.invalid("spec.clusterIPs[0]", shown,
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        }
        String first = spec.path("clusterIPs").path(0).asText("");
        if (!first.isEmpty() && !spec.path("clusterIP").asText("").isEmpty()
                && !first.equals(spec.path("clusterIP").asText())) {
            errors.invalid("spec.clusterIPs[0]", spec.path("clusterIPs").path(0),
                    "must be same as `clusterIP`");
        }
    }

    /** Node ports only where the type has them, each (with its protocol) on one port only. */
    private static void validateNodePorts(JsonNode spec, FieldErrors errors) {
        Set<String> taken = new HashSet<>();
        int i = 0;
        for (JsonNode port : spec.path("ports")) {
            String path = "spec.ports[" + i++ + "].nodePort";
            JsonNode nodePort = port.path("nodePort");
            if (nodePort.asInt(0) == 0) {
                continue;
            }
            if (!ServiceSpecs.usesNodePorts(spec)) {
                errors.forbidden(path, "may not be used when `type` is '" + spec.path("type").asText() + "'");
            } else if (!taken.add(nodePort.asInt() + "/" + port.path("protocol").asText())) {
                errors.duplicate(path, nodePort);
            }
        }
    }

    @Override
    public void validateUpdate(ObjectNode service, JsonNode old, FieldErrors errors) {
        JsonNode before = old.path("spec").path("clusterIP");
        if (!before.asText("").isEmpty() && !"ExternalName".equals(service.path("spec").path("type").asText())) {
            errors.immutable("spec.clusterIP", service.path("spec").path("clusterIP"), before);
        }
    }
}

package io.kumos.gateway.kinds;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** core/v1 Services: type, affinity and port defaults; valid ports; a cluster IP that never changes once set. */
final class ServiceRules implements KindRules {

    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

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
        String clusterIP = spec.path("clusterIP").asText("");
        if (!clusterIP.isEmpty() && !spec.has("clusterIPs")) {
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
        boolean headless = "None".equals(spec.path("clusterIP").asText());
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
    }

    @Override
    public void validateUpdate(ObjectNode service, JsonNode old, FieldErrors errors) {
        JsonNode before = old.path("spec").path("clusterIP");
        if (!before.asText("").isEmpty() && !"ExternalName".equals(service.path("spec").path("type").asText())) {
            errors.immutable("spec.clusterIP", service.path("spec").path("clusterIP"), before);
        }
    }
}

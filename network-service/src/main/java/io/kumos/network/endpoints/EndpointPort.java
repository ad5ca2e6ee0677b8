package io.kumos.network.endpoints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Service port as one pod serves it: the Service port's name and protocol, and the port number its
 * {@code targetPort} resolves to in that pod.
 *
 * @param appProtocol empty if the Service port has none
 */
record EndpointPort(String name, int port, String protocol, String appProtocol) {

    static final Comparator<EndpointPort> ORDER = Comparator.comparing(EndpointPort::name)
            .thenComparingInt(EndpointPort::port).thenComparing(EndpointPort::protocol);

    /**
     * The Service's ports as the pod serves them, sorted by name: each whose {@code targetPort} the pod resolves. A
     * number is the same in every pod; a name is the {@code containerPort} of the pod's container port of that name
     * and protocol, so pods may differ, and a pod without such a port does not serve that Service port.
     */
    static List<EndpointPort> servedBy(JsonNode service, JsonNode pod) {
        List<EndpointPort> ports = new ArrayList<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            String protocol = port.path("protocol").asText("TCP");
            OptionalInt number = resolve(port, protocol, pod);
            if (number.isPresent()) {
                ports.add(new EndpointPort(port.path("name").asText(""), number.getAsInt(), protocol,
                        port.path("appProtocol").asText("")));
            }
        }
        ports.sort(ORDER);
        return ports;
    }

    /** The number a Service port's targetPort (its port if it has none) stands for in the pod. */
    static OptionalInt resolve(JsonNode servicePort, String protocol, JsonNode pod) {
        JsonNode target = servicePort.has("targetPort") ? servicePort.path("targetPort") : servicePort.path("port");
        if (target.isIntegralNumber()) {
            return OptionalInt.of(target.asInt());
        }
        String name = target.asText("");
        if (name.isEmpty()) {
            return OptionalInt.empty();
        }
        JsonNode spec = pod.path("spec");
        for (JsonNode container : spec.path("containers")) {
            OptionalInt found = named(container, name, protocol);
            if (found.isPresent()) {
                return found;
            }
        }
        // Sidecars (init containers that keep running) serve ports too.
        for (JsonNode container : spec.path("initContainers")) {
            OptionalInt found = container.path("restartPolicy").asText("").equals("Always")
                    ? named(container, name, protocol)
                    : OptionalInt.empty();
            if (found.isPresent()) {
                return found;
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt named(JsonNode container, String name, String protocol) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText("").equals(name) && port.path("protocol").asText("TCP").equals(protocol)
                    && port.path("containerPort").isIntegralNumber()) {
                return OptionalInt.of(port.path("containerPort").asInt());
            }
        }
        return OptionalInt.empty();
    }

    /**
     * As an Endpoints or EndpointSlice port: an EndpointSlice port always has its name (maybe empty), an Endpoints
     * port only a non-empty one, as the Kubernetes controllers write them.
     */
    ObjectNode toJson(boolean alwaysNamed) {
        ObjectNode port = JsonNodeFactory.instance.objectNode();
        if (alwaysNamed || !name.isEmpty()) {
            port.put("name", name);
        }
        port.put("port", this.port).put("protocol", protocol);
        if (!appProtocol.isEmpty()) {
            port.put("appProtocol", appProtocol);
        }
        return port;
    }
}

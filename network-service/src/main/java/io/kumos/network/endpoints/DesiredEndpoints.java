package io.kumos.network.endpoints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Endpoints object of a Service, as kube-controller-manager's endpoints controller computes it from the pods
 * its selector matches:
 * <ul>
 * <li>a pod without an address, or finished, is left out; so is a terminating one (unless the Service publishes
 * not-ready addresses): old clients read Endpoints, and a pod going away must get no new connections;</li>
 * <li>a ready pod is listed in {@code addresses}, another in {@code notReadyAddresses} (all in {@code addresses}
 * with {@code publishNotReadyAddresses});</li>
 * <li>each Service port is listed under its own name with the number its {@code targetPort} resolves to; pods that
 * resolve a named {@code targetPort} to different numbers are in different subsets, and a pod that resolves none
 * of the Service's ports is left out (a headless Service without ports lists its pods without ports).</li>
 * </ul>
 * Everything is sorted (subsets by ports, addresses by IP), so equal inputs give equal JSON and the controller can
 * tell an Endpoints object up to date by comparing. Pure.
 */
final class DesiredEndpoints {

    /** The label the endpoints controller marks its Endpoints with (Kubernetes 1.33). */
    static final String MANAGED_BY = "endpoints.kubernetes.io/managed-by";
    static final String CONTROLLER = "endpoint-controller";

    private DesiredEndpoints() {
    }

    /** The Endpoints of the Service from the pods its selector matches among these. */
    static ObjectNode of(SelectingService service, List<JsonNode> pods) {
        ObjectNode endpoints = JsonNodeFactory.instance.objectNode();
        endpoints.put("apiVersion", "v1").put("kind", "Endpoints");
        endpoints.putObject("metadata").put("name", service.name()).put("namespace", service.namespace())
                .set("labels", service.labelsWith(MANAGED_BY, CONTROLLER));
        ArrayNode subsets = subsets(service, pods);
        if (!subsets.isEmpty()) {
            endpoints.set("subsets", subsets);
        }
        return endpoints;
    }

    static ArrayNode subsets(SelectingService service, List<JsonNode> pods) {
        boolean portless = service.service().path("spec").path("ports").isEmpty();
        Map<String, Subset> subsets = new TreeMap<>();
        for (JsonNode pod : pods) {
            EndpointPod endpoint = service.selects(pod) ? EndpointPod.of(pod).orElse(null) : null;
            if (endpoint == null || (endpoint.terminating() && !service.publishesNotReady())) {
                continue;
            }
            List<EndpointPort> ports = EndpointPort.servedBy(service.service(), pod);
            if (ports.isEmpty() && !(portless && service.headless())) {
                continue;
            }
            Subset subset = subsets.computeIfAbsent(ports.toString(), key -> new Subset(ports));
            (endpoint.ready() || service.publishesNotReady() ? subset.ready : subset.notReady).add(endpoint);
        }
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        subsets.values().forEach(subset -> json.add(subset.toJson(service.name())));
        return json;
    }

    /** Pods serving the Service's ports at the same numbers. */
    private static final class Subset {

        private final List<EndpointPort> ports;
        private final List<EndpointPod> ready = new ArrayList<>();
        private final List<EndpointPod> notReady = new ArrayList<>();

        Subset(List<EndpointPort> ports) {
            this.ports = ports;
        }

        ObjectNode toJson(String service) {
            ObjectNode subset = JsonNodeFactory.instance.objectNode();
            if (!ready.isEmpty()) {
                subset.set("addresses", addresses(ready, service));
            }
            if (!notReady.isEmpty()) {
                subset.set("notReadyAddresses", addresses(notReady, service));
            }
            if (!ports.isEmpty()) {
                ArrayNode list = subset.putArray("ports");
                ports.forEach(port -> list.add(port.toJson(false)));
            }
            return subset;
        }

        private static ArrayNode addresses(List<EndpointPod> pods, String service) {
            ArrayNode addresses = JsonNodeFactory.instance.arrayNode();
            pods.stream().sorted(Comparator.comparing(EndpointPod::ip).thenComparing(EndpointPod::uid))
                    .forEach(pod -> {
                        ObjectNode address = addresses.addObject().put("ip", pod.ip());
                        pod.hostnameUnder(service).ifPresent(hostname -> address.put("hostname", hostname));
                        if (!pod.nodeName().isEmpty()) {
                            address.put("nodeName", pod.nodeName());
                        }
                        address.set("targetRef", pod.targetRef());
                    });
            return addresses;
        }
    }
}

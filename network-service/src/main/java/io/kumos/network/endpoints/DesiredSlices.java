package io.kumos.network.endpoints;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * The EndpointSlices of a Service, as kube-controller-manager's endpointslice controller computes them: one slice
 * per set of port numbers the pods serve the Service's ports at (so one, unless a named {@code targetPort} resolves
 * differently in different pods), each holding at most {@link #MAX_ENDPOINTS} endpoints (kube-controller-manager's
 * {@code --max-endpoints-per-slice} default; more pods make more slices of the same ports, filled in address
 * order), and one empty slice if no pod is an endpoint. Unlike Endpoints, a slice lists
 * terminating pods, with {@code ready: false}, {@code serving} as their readiness and {@code terminating: true}.
 *
 * <p>A slice's name is the Service's name and a suffix derived from the Service's uid and the slice's ports, so that
 * every network-service replica, and the same one after a restart, names the same slice alike; it is owned by the
 * Service (ownerReferences), so the api-gateway's garbage collector removes it with its Service. Pure.
 */
final class DesiredSlices {

    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER = "endpointslice-controller.k8s.io";
    static final int MAX_ENDPOINTS = 100;
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private DesiredSlices() {
    }

    /** The slices of the Service from the pods its selector matches among these. */
    static List<ObjectNode> of(SelectingService service, List<JsonNode> pods) {
        Map<String, Slice> slices = new TreeMap<>();
        for (JsonNode pod : pods) {
            EndpointPod endpoint = service.selects(pod) ? EndpointPod.of(pod).orElse(null) : null;
            if (endpoint != null) {
                List<EndpointPort> ports = EndpointPort.servedBy(service.service(), pod);
                slices.computeIfAbsent(ports.toString(), key -> new Slice(ports)).pods.add(endpoint);
            }
        }
        if (slices.isEmpty()) {
            slices.put(List.of().toString(), new Slice(List.of()));
        }
        List<ObjectNode> json = new ArrayList<>();
        slices.forEach((key, slice) -> {
            List<EndpointPod> sorted = slice.pods.stream()
                    .sorted(Comparator.comparing(EndpointPod::ip).thenComparing(EndpointPod::uid)).toList();
            for (int from = 0, part = 0; from == 0 || from < sorted.size(); from += MAX_ENDPOINTS, part++) {
                Slice chunk = new Slice(slice.ports);
                chunk.pods.addAll(sorted.subList(from, Math.min(sorted.size(), from + MAX_ENDPOINTS)));
                // The first part keeps the name a Service of fewer pods has: growing past 100 adds slices.
                json.add(chunk.toJson(service, name(service, part == 0 ? key : key + "#" + part)));
            }
        });
        return json;
    }

    /** {@code <service>-<five characters>}, the same for the same Service uid and ports. */
    static String name(SelectingService service, String portsKey) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((service.uid() + "/" + portsKey).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        StringBuilder name = new StringBuilder(service.name()).append('-');
        for (int i = 0; i < 5; i++) {
            name.append(SUFFIX_ALPHABET.charAt((digest[i] & 0xff) % SUFFIX_ALPHABET.length()));
        }
        return name.toString();
    }

    /** Pods serving the Service's ports at the same numbers. */
    private static final class Slice {

        private final List<EndpointPort> ports;
        private final List<EndpointPod> pods = new ArrayList<>();

        Slice(List<EndpointPort> ports) {
            this.ports = ports;
        }

        ObjectNode toJson(SelectingService service, String name) {
            ObjectNode slice = JsonNodeFactory.instance.objectNode();
            slice.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
            ObjectNode metadata = slice.putObject("metadata").put("name", name)
                    .put("namespace", service.namespace());
            ObjectNode labels = service.labelsWith(SERVICE_NAME, service.name());
            labels.put(MANAGED_BY, CONTROLLER);
            metadata.set("labels", labels);
            metadata.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Service")
                    .put("name", service.name()).put("uid", service.uid()).put("controller", true)
                    .put("blockOwnerDeletion", true);
            slice.put("addressType", "IPv4");
            ArrayNode endpoints = slice.putArray("endpoints");
            pods.stream().sorted(Comparator.comparing(EndpointPod::ip).thenComparing(EndpointPod::uid))
                    .forEach(pod -> endpoints.add(endpoint(service, pod)));
            if (!ports.isEmpty()) {
                ArrayNode list = slice.putArray("ports");
                ports.forEach(port -> list.add(port.toJson(true)));
            }
            return slice;
        }

        private static ObjectNode endpoint(SelectingService service, EndpointPod pod) {
            boolean serving = service.publishesNotReady() || pod.ready();
            ObjectNode endpoint = JsonNodeFactory.instance.objectNode();
            endpoint.putArray("addresses").add(pod.ip());
            endpoint.putObject("conditions").put("ready", serving && (!pod.terminating()
                    || service.publishesNotReady())).put("serving", serving).put("terminating", pod.terminating());
            pod.hostnameUnder(service.name()).ifPresent(hostname -> endpoint.put("hostname", hostname));
            if (!pod.nodeName().isEmpty()) {
                endpoint.put("nodeName", pod.nodeName());
            }
            endpoint.set("targetRef", pod.targetRef());
            return endpoint;
        }
    }
}

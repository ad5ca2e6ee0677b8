package io.kumos.gateway.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.objects.ObjectService;
import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.smallrye.mutiny.Uni;

/** Where a pod's container streams come from: the agent of the pod's node, and which container. */
@ApplicationScoped
public class PodTarget {

    /**
     * One container of a running pod and the agent that runs it.
     *
     * @param host      the agent's address
     * @param port      the agent's port
     * @param namespace the pod's namespace
     * @param pod       the pod's name
     * @param container the container
     */
    public record Target(String host, int port, String namespace, String pod, String container) {

        /** The agent path of a kubelet endpoint for this container, e.g. {@code /containerLogs/ns/pod/c}. */
        public String path(String endpoint) {
            return "/" + endpoint + "/" + namespace + "/" + pod + "/" + container;
        }
    }

    private final ObjectService objects;
    private final ResourceType pods;
    private final ResourceType nodes;

    PodTarget(ObjectService objects, ResourceCatalog catalog) {
        this.objects = objects;
        this.pods = catalog.find("", "v1", "pods").orElseThrow();
        this.nodes = catalog.find("", "v1", "nodes").orElseThrow();
    }

    /**
     * Resolves a pod's container ({@code container} may be empty: the default one) to its agent; 404 for a pod
     * that is not there, 400 for one that is not on a node yet or a container it does not have, as
     * kube-apiserver answers.
     */
    public Uni<Target> resolve(String namespace, String pod, String container) {
        return resolve(namespace, pod, object -> container(object, pod, container));
    }

    /**
     * Resolves a pod (not a container: port-forward reaches the pod's network namespace) to its node's agent; the
     * target's container is empty.
     */
    public Uni<Target> resolvePod(String namespace, String pod) {
        return resolve(namespace, pod, object -> "");
    }

    private Uni<Target> resolve(String namespace, String pod, Function<JsonNode, String> container) {
        return objects.get(pods, namespace, pod).chain(object -> {
            String chosen = container.apply(object);
            String node = object.path("spec").path("nodeName").asText("");
            if (node.isEmpty()) {
                throw ApiException.badRequest("pod " + pod + " does not have a host assigned");
            }
            return objects.get(nodes, "", node)
                    .onFailure(e -> e instanceof ApiException api && api.status().getCode() == 404)
                    .transform(e -> ApiException.badRequest("the node " + node + " of pod " + pod
                            + " is not registered"))
                    .map(nodeObject -> new Target(address(nodeObject), port(nodeObject, node), namespace, pod,
                            chosen));
        });
    }

    private static String container(JsonNode pod, String name, String requested) {
        List<String> names = new ArrayList<>();
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            pod.path("spec").path(list).forEach(c -> names.add(c.path("name").asText()));
        }
        if (requested != null && !requested.isEmpty()) {
            if (!names.contains(requested)) {
                throw ApiException.badRequest("container " + requested + " is not valid for pod " + name);
            }
            return requested;
        }
        String annotated = pod.path("metadata").path("annotations").path("kubectl.kubernetes.io/default-container")
                .asText("");
        if (!annotated.isEmpty() && names.contains(annotated)) {
            return annotated;
        }
        JsonNode containers = pod.path("spec").path("containers");
        if (containers.size() == 1) {
            return containers.get(0).path("name").asText();
        }
        List<String> main = new ArrayList<>();
        containers.forEach(c -> main.add(c.path("name").asText()));
        throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: "
                + main);
    }

    private static String address(JsonNode node) {
        String fallback = "127.0.0.1";
        for (JsonNode address : node.path("status").path("addresses")) {
            String type = address.path("type").asText();
            if (type.equals("InternalIP")) {
                return address.path("address").asText();
            }
            if (type.equals("Hostname")) {
                fallback = address.path("address").asText();
            }
        }
        return fallback;
    }

    private static int port(JsonNode node, String name) {
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0) {
            throw ApiException.serviceUnavailable("the node " + name + " does not say where its agent listens "
                    + "(status.daemonEndpoints.kubeletEndpoint.Port)");
        }
        return port;
    }
}

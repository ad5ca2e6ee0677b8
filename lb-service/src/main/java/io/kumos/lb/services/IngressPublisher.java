package io.kumos.lb.services;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiClient;
import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.ListenerStatus;

/**
 * Writes {@code status.loadBalancer.ingress} of each LoadBalancer Service once one of its listeners is bound, as
 * a cloud controller does when the load balancer is provisioned: {@code kubectl get svc} then shows the
 * external IP. A merge patch of the {@code status} subresource, sent only when the projected Service does not
 * show it already.
 *
 * <p>Used by the thread applying plans; the calls themselves go through the {@link ApiWriter}.
 */
public final class IngressPublisher {

    private final ApiClient api;
    private final ApiWriter writer;
    private final ObjectMapper json;
    private final ArrayNode ingress;
    /** The resourceVersion of each Service patched, so one not yet projected again is not patched twice. */
    private final Map<String, String> patched = new ConcurrentHashMap<>();

    /** @param address what clients connect to; {@code null} when there is none to advertise */
    public IngressPublisher(ApiClient api, ApiWriter writer, ObjectMapper json, String address) {
        this.api = api;
        this.writer = writer;
        this.json = json;
        this.ingress = address == null ? null : json.createArrayNode().add(json.createObjectNode()
                .put(Backend.isIpLiteral(address) ? "ip" : "hostname", address));
    }

    public void publish(Planning planning, List<ListenerStatus> statuses) {
        if (ingress == null) {
            return;
        }
        Set<String> bound = new HashSet<>();
        statuses.stream().filter(ListenerStatus::bound)
                .forEach(status -> bound.add(status.service().namespace() + "/" + status.service().name()));
        patched.keySet().retainAll(bound);
        for (String ref : bound) {
            JsonNode service = planning.services().get(ref);
            if (service == null || !service.path("spec").path("type").asText().equals("LoadBalancer")
                    || ingress.equals(service.path("status").path("loadBalancer").path("ingress"))) {
                continue;
            }
            String version = service.path("metadata").path("resourceVersion").asText("");
            if (!version.equals(patched.put(ref, version))) {
                patch(ref, service);
            }
        }
    }

    private void patch(String ref, JsonNode service) {
        String namespace = service.path("metadata").path("namespace").asText();
        String name = service.path("metadata").path("name").asText();
        ObjectNode body = json.createObjectNode();
        // The uid is a precondition: the ingress is the one of the Service read, not of one created since in its name.
        body.putObject("metadata").put("uid", service.path("metadata").path("uid").asText());
        body.putObject("status").putObject("loadBalancer").set("ingress", ingress.deepCopy());
        writer.submit("the ingress of Service " + ref,
                () -> api.patch("/api/v1/namespaces/" + namespace + "/services/" + name + "/status",
                        ApiClient.MERGE_PATCH, body),
                () -> forget(ref));
    }

    /** On the writer's thread: the next publish patches again. */
    private void forget(String ref) {
        patched.remove(ref);
    }
}

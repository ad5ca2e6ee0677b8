package io.kumos.lb.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.ProxyPlan;
import io.kumos.lb.proxy.Route;
import io.kumos.lb.proxy.ServiceKey;
import io.kumos.lb.proxy.SessionAffinity;

/**
 * Turns the cluster's Services and Endpoints into a {@link ProxyPlan}, as kube-proxy turns them into rules. A pure
 * function of its input: the whole plan is recomputed on every change and the proxy applies the difference.
 * <ul>
 * <li>A {@code LoadBalancer} Service listens on the bind address at each TCP {@code port}, and at its
 * {@code nodePort} when it has one; a {@code NodePort} Service at its {@code nodePort}s only. Other types, and
 * UDP or SCTP ports, get nothing.</li>
 * <li>A Service port's endpoints are the ready {@code addresses} of the Endpoints object of the same name, at the
 * subset port whose name is the Service port's name; {@code notReadyAddresses} are never used. No Endpoints
 * object, or no ready address: the listener stays and refuses connections at once.</li>
 * <li>{@code sessionAffinity: ClientIP} with {@code sessionAffinityConfig.clientIP.timeoutSeconds}.</li>
 * <li>Two Service ports wanting one listener: the older Service (then the first by namespace and name) has it;
 * the other is a {@link ListenerConflict}.</li>
 * </ul>
 */
public final class ServicePlanner {

    private static final Comparator<JsonNode> OLDEST_FIRST = Comparator
            .comparing((JsonNode service) -> service.path("metadata").path("creationTimestamp").asText(""))
            .thenComparing(service -> service.path("metadata").path("namespace").asText(""))
            .thenComparing(service -> service.path("metadata").path("name").asText(""));

    private final String bindAddress;

    /** @param bindAddress the address every listener binds to */
    public ServicePlanner(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public Planning plan(List<JsonNode> services, List<JsonNode> endpoints) {
        Map<String, JsonNode> endpointsByName = new HashMap<>();
        endpoints.forEach(object -> endpointsByName.put(ref(object), object));
        Map<ListenerAddress, ServiceKey> listeners = new LinkedHashMap<>();
        Map<ServiceKey, Route> routes = new HashMap<>();
        Map<String, JsonNode> served = new HashMap<>();
        List<ListenerConflict> conflicts = new ArrayList<>();
        for (JsonNode service : services.stream().sorted(OLDEST_FIRST).toList()) {
            JsonNode spec = service.path("spec");
            String type = spec.path("type").asText("ClusterIP");
            boolean loadBalancer = type.equals("LoadBalancer");
            if ((!loadBalancer && !type.equals("NodePort")) || service.path("metadata").has("deletionTimestamp")) {
                continue;
            }
            SessionAffinity affinity = affinity(spec);
            for (JsonNode port : spec.path("ports")) {
                if (!port.path("protocol").asText("TCP").equals("TCP")) {
                    continue;
                }
                ServiceKey key = new ServiceKey(namespace(service), name(service), port.path("name").asText(""));
                List<Integer> numbers = new ArrayList<>();
                if (loadBalancer) {
                    numbers.add(port.path("port").asInt(0));
                }
                numbers.add(port.path("nodePort").asInt(0));
                for (int number : numbers.stream().filter(n -> n > 0 && n <= 65535).distinct().toList()) {
                    ListenerAddress address = new ListenerAddress(bindAddress, number);
                    ServiceKey holder = listeners.putIfAbsent(address, key);
                    if (holder != null) {
                        conflicts.add(new ListenerConflict(address, key, holder));
                        continue;
                    }
                    routes.put(key, new Route(backends(endpointsByName.get(ref(service)), key.port()), affinity));
                    served.put(ref(service), service);
                }
            }
        }
        return new Planning(new ProxyPlan(listeners, routes), conflicts, served);
    }

    /** The ready addresses at the subset port named like the Service port, sorted so the order is stable. */
    static List<Backend> backends(JsonNode endpoints, String portName) {
        TreeSet<Backend> backends = new TreeSet<>(Comparator.comparing(Backend::ip).thenComparing(Backend::port));
        if (endpoints == null) {
            return List.of();
        }
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode port : subset.path("ports")) {
                int number = port.path("port").asInt(0);
                if (!port.path("name").asText("").equals(portName) || number < 1 || number > 65535
                        || !port.path("protocol").asText("TCP").equals("TCP")) {
                    continue;
                }
                for (JsonNode address : subset.path("addresses")) {
                    String ip = address.path("ip").asText("");
                    if (Backend.isIpLiteral(ip)) {
                        backends.add(new Backend(ip, number));
                    }
                }
            }
        }
        return List.copyOf(backends);
    }

    private static SessionAffinity affinity(JsonNode spec) {
        if (!spec.path("sessionAffinity").asText("None").equals("ClientIP")) {
            return SessionAffinity.NONE;
        }
        int seconds = spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").asInt(0);
        return SessionAffinity.clientIp(seconds > 0 ? Duration.ofSeconds(seconds)
                : SessionAffinity.DEFAULT_CLIENT_IP_TIMEOUT);
    }

    private static String ref(JsonNode object) {
        return namespace(object) + "/" + name(object);
    }

    private static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText("");
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }
}

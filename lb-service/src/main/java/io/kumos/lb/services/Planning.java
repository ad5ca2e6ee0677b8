package io.kumos.lb.services;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.lb.proxy.ProxyPlan;
import io.kumos.lb.proxy.ServiceKey;

/**
 * What {@link ServicePlanner} made of the cluster's Services and Endpoints.
 *
 * @param plan      what the proxy should do
 * @param conflicts listeners some Service port wanted but another one has
 * @param services  the Services that have listeners, by {@code namespace/name}, as projected (for their status
 *                  and for Events about them)
 */
public record Planning(ProxyPlan plan, List<ListenerConflict> conflicts, Map<String, JsonNode> services) {

    public Planning {
        conflicts = List.copyOf(conflicts);
        services = Map.copyOf(services);
    }

    /** The Service object a Service port belongs to, or {@code null}. */
    public JsonNode service(ServiceKey key) {
        return services.get(key.namespace() + "/" + key.name());
    }
}

package io.kumos.lb.proxy;

import java.util.Map;

/**
 * What the proxy should be doing, as a whole: which addresses to listen on for which Service port, and where each
 * Service port's connections go. {@link TcpProxy#apply} moves the proxy from its current plan to this one by
 * difference, so a plan can be recomputed from scratch on every change of the cluster.
 *
 * @param listeners every listener wanted, and the Service port it serves (two Service ports never share one)
 * @param routes    every Service port's route; each listener's Service port must have one
 */
public record ProxyPlan(Map<ListenerAddress, ServiceKey> listeners, Map<ServiceKey, Route> routes) {

    public static final ProxyPlan EMPTY = new ProxyPlan(Map.of(), Map.of());

    public ProxyPlan {
        listeners = Map.copyOf(listeners);
        routes = Map.copyOf(routes);
        for (Map.Entry<ListenerAddress, ServiceKey> listener : listeners.entrySet()) {
            if (!routes.containsKey(listener.getValue())) {
                throw new IllegalArgumentException("listener " + listener.getKey() + " serves " + listener.getValue()
                        + ", which has no route");
            }
        }
    }
}

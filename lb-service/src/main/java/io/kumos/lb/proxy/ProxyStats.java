package io.kumos.lb.proxy;

import java.util.List;

/**
 * The proxy's counters, as {@code GET /lb/v1/stats} serves them. The field names are public API: dashboards and
 * tests read them.
 *
 * @param transport the Netty transport in use, {@code epoll} or {@code nio}
 * @param listeners every wanted listener and whether it is bound
 * @param services  every Service port, with the endpoints that are ready or still carry connections
 */
public record ProxyStats(String transport, List<ListenerStatus> listeners, List<ServiceStats> services) {

    /**
     * One Service port.
     *
     * @param activeConnections     client connections open now (connecting or relaying)
     * @param totalConnections      client connections accepted since the Service port appeared, refused included
     * @param refusedConnections    of those, the ones reset because no endpoint was ready or reachable
     * @param clientToEndpointBytes bytes relayed from clients to endpoints
     * @param endpointToClientBytes bytes relayed from endpoints to clients
     * @param connectFailures       connections to endpoints that failed or timed out (each was retried on the next)
     */
    public record ServiceStats(ServiceKey service, long activeConnections, long totalConnections,
            long refusedConnections, long clientToEndpointBytes, long endpointToClientBytes, long connectFailures,
            List<EndpointStats> endpoints) {
    }

    /**
     * One endpoint of a Service port.
     *
     * @param ready                 whether new connections may go to it; {@code false} while it drains
     * @param activeConnections     connections relayed to it now
     * @param totalConnections      connections relayed to it so far
     * @param clientToEndpointBytes bytes relayed to it
     * @param endpointToClientBytes bytes relayed from it
     * @param connectFailures       connections to it that failed or timed out
     */
    public record EndpointStats(Backend endpoint, boolean ready, long activeConnections, long totalConnections,
            long clientToEndpointBytes, long endpointToClientBytes, long connectFailures) {
    }
}

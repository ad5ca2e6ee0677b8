/**
 * The lb-service: the Netty round-robin L4 (TCP) load balancer in front of Services, fed with ready endpoints
 * from the grid.
 * <ul>
 * <li>{@code proxy}: the data plane, a TCP proxy fed with plans (listeners, routes), independent of the grid.</li>
 * <li>{@code services}: the control plane, which turns the grid's Services and Endpoints into plans, and reports
 * back through the API (LoadBalancer ingress, Events for listeners that cannot bind).</li>
 * <li>{@code stats}: {@code GET /lb/v1/stats}, the counters per Service port and endpoint.</li>
 * <li>{@code standalone}: the proxy run from a plan file, without grid or API, for the benchmark.</li>
 * </ul>
 * This service's HTTP port serves only health and stats; the balanced listeners are opened per Service port.
 */
package io.kumos.lb;

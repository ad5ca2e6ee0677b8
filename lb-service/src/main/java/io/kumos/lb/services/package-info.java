/**
 * lb-service's control plane: the grid's Services and Endpoints in, {@link io.kumos.lb.proxy.ProxyPlan}s out
 * ({@link io.kumos.lb.services.ServicePlanner}, applied by {@link io.kumos.lb.services.ServiceFeed}), and what the
 * cluster is told back through the api-gateway: the ingress of LoadBalancer Services, Warning Events for listeners
 * that cannot bind. The API being unreachable never holds the data plane back.
 */
package io.kumos.lb.services;

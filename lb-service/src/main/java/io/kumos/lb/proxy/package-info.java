/**
 * The data plane of lb-service: a round-robin L4 (TCP) load balancer on Netty, self-contained so it can run and
 * be tested without the grid or the API.
 *
 * <p>{@link io.kumos.lb.proxy.TcpProxy} is fed {@link io.kumos.lb.proxy.ProxyPlan}s: which addresses to listen on
 * for which Service port ({@link io.kumos.lb.proxy.ServiceKey}), and each port's
 * {@link io.kumos.lb.proxy.Route} (ready endpoints, session affinity). What it does with a connection — choosing
 * the endpoint, retrying on the next, relaying with backpressure and half-close, draining — lives in
 * {@code internal}.
 */
package io.kumos.lb.proxy;

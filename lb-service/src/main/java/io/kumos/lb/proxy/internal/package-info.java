/**
 * How {@link io.kumos.lb.proxy.TcpProxy} works: one {@link io.kumos.lb.proxy.internal.ServicePort} per Service port
 * (balancer, endpoints, drain timers, counters), a {@link io.kumos.lb.proxy.internal.ProxyConnection} state machine
 * per relayed connection, driven by two thin Netty handlers, and the listening sockets.
 *
 * <p>Threading: each relayed connection lives on one event loop, its client and endpoint channels alike (the
 * endpoint is connected on the client's loop). Plans are applied on one worker thread at a time; what the event
 * loops read of them (the balancers' endpoint lists) is swapped in single volatile writes.
 */
package io.kumos.lb.proxy.internal;

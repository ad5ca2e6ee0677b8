package io.kumos.lb.stats;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.ListenerStatus;
import io.kumos.lb.proxy.ProxyStats;
import io.kumos.lb.proxy.ServiceKey;
import io.kumos.lb.proxy.TcpProxy;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.NonBlocking;

/**
 * {@code GET /lb/v1/stats}: the proxy's transport, every listener with its status, and per Service port and
 * endpoint the active and total connections, refused connections, bytes each way and connect failures (see
 * {@link ProxyStats} for the field names, which are public API).
 */
@Path("/lb/v1")
@Produces(MediaType.APPLICATION_JSON)
@RegisterForReflection(targets = {ProxyStats.class, ProxyStats.ServiceStats.class, ProxyStats.EndpointStats.class,
        ListenerStatus.class, ListenerAddress.class, ServiceKey.class, Backend.class})
public class StatsResource {

    private final TcpProxy proxy;

    StatsResource(TcpProxy proxy) {
        this.proxy = proxy;
    }

    /** Sums of counters: cheap enough for the event loop. */
    @GET
    @Path("stats")
    @NonBlocking
    public ProxyStats stats() {
        return proxy.stats();
    }
}

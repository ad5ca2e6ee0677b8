package io.kumos.lb;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of lb-service ({@code kumos.lb.*}). */
@ConfigMapping(prefix = "kumos.lb")
public interface LbConfig {

    /**
     * The address every listener binds to, LoadBalancer ports and node ports alike: loopback in the
     * single-machine default, {@code 0.0.0.0} on a host that serves other machines.
     */
    @WithDefault("${kumos.bind-address:127.0.0.1}")
    String bindAddress();

    /**
     * What LoadBalancer Services get in {@code status.loadBalancer.ingress}: the address clients use. The bind
     * address by default; set it when binding to a wildcard address, which clients cannot connect to (no ingress
     * is written then).
     */
    Optional<String> ingressAddress();

    /** The api-gateway, where Service status and Events are written. */
    @WithDefault("http://127.0.0.1:7440")
    String apiUrl();

    /** How long connecting to an endpoint may take before the next endpoint is tried. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** A connection with no traffic either way for this long is closed; {@code 0s} keeps idle connections. */
    @WithDefault("10m")
    Duration idleTimeout();

    /**
     * How long connections to an endpoint that stopped being ready (or whose Service went away) go on before
     * they are closed; new connections avoid the endpoint at once.
     */
    @WithDefault("30s")
    Duration drainGrace();

    /** Event loop threads of the proxy; {@code 0} for one per core. */
    @WithDefault("0")
    int ioThreads();

    /** Use Linux's native epoll transport when available (NIO otherwise). */
    @WithDefault("true")
    boolean epoll();

    /**
     * How often the whole set of Services and Endpoints is read again, besides the changes the grid notifies:
     * the bound on staleness if a notification is lost, and the retry period of listeners that could not bind.
     */
    @WithDefault("5s")
    Duration resyncPeriod();
}

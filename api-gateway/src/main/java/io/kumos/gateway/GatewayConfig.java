package io.kumos.gateway;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the api-gateway's calls to other services ({@code kumos.gateway.*}). */
@ConfigMapping(prefix = "kumos.gateway")
public interface GatewayConfig {

    /**
     * network-service, which allocates Services' cluster IPs and node ports while the gateway writes them: a
     * Service cannot be created without it.
     */
    @WithDefault("http://127.0.0.1:7444")
    String networkUrl();

    /**
     * How long a call to network-service may take, connection included, before the write that needed it fails
     * with an InternalError Status.
     */
    @WithDefault("5s")
    Duration networkTimeout();
}

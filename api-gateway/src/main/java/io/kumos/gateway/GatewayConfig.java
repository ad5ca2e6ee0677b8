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

    /**
     * How long a new pod stays on a node that is not ready or unreachable before health-service evicts it, unless
     * the pod says otherwise (Kubernetes' DefaultTolerationSeconds, 300 s there).
     */
    @WithDefault("5")
    long defaultTolerationSeconds();
}

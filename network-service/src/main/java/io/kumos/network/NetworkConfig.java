package io.kumos.network;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of network-service ({@code kumos.network.*}). */
@ConfigMapping(prefix = "kumos.network")
public interface NetworkConfig {

    /** The pod network: every node's subnet is carved from it. */
    @WithDefault("10.244.0.0/16")
    String clusterCidr();

    /** The prefix length of a node's subnet. */
    @WithDefault("24")
    int nodeSubnetPrefix();

    /** How old an address claimed without its pod record may be before the reconciler frees it. */
    @WithDefault("1m")
    Duration orphanGrace();
}

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

    /**
     * How old a lease no live pod accounts for may be before the reconciler frees it: an address claimed by a
     * process that died before recording its pod, or recorded for a pod the grid's projection does not show (yet).
     */
    @WithDefault("1m")
    Duration orphanGrace();

    /**
     * How long a node must have been gone, with neither a Node object nor a heartbeat, before its subnet and its
     * pods' addresses are reclaimed. Longer than an agent restart or a network partition the node should survive.
     */
    @WithDefault("10m")
    Duration nodeGrace();

    /** How often the reconciler compares the ledger with the cluster; {@code off} disables it. */
    @WithDefault("30s")
    String reconcilePeriod();
}

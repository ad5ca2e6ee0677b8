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

    /**
     * How long a node's lease on the overlay lives unless its agent renews it (every heartbeat, 2 s): after that the
     * other nodes drop their routes to it. An agent that stops removes it at once.
     */
    @WithDefault("8s")
    Duration nodeLeaseLifespan();

    /** How often the reconciler compares the ledger with the cluster; {@code off} disables it. */
    @WithDefault("30s")
    String reconcilePeriod();

    /** The range Services' cluster IPs are given from (kube-apiserver's {@code --service-cluster-ip-range}). */
    @WithDefault("10.96.0.0/12")
    String serviceCidr();

    /** The range Services' node ports are given from, {@code first-last} ({@code --service-node-port-range}). */
    @WithDefault("30000-32767")
    String nodePortRange();

    /** The api-gateway, through which the endpoints controller writes Endpoints and EndpointSlices. */
    @WithDefault("http://127.0.0.1:7440")
    String apiUrl();

    /** The endpoints controller. */
    Endpoints endpoints();

    /** The endpoints controller ({@code kumos.network.endpoints.*}). */
    interface Endpoints {

        /** Whether this process maintains the Endpoints and EndpointSlices of Services with a selector. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often every Service's endpoints are computed again, besides at once when the grid says a pod or a
         * Service changed: the bound on how late a missed notification is made up for.
         */
        @WithDefault("1s")
        Duration period();

        /**
         * How long the lock that lets one network-service replica maintain Endpoints outlives its holder: how long
         * Endpoints go unmaintained after that replica crashes.
         */
        @WithDefault("10s")
        Duration leaderLease();
    }
}

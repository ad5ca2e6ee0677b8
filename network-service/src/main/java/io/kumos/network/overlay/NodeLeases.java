package io.kumos.network.overlay;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;
import io.kumos.grid.network.NodeNetworkLease;
import io.kumos.network.NetworkConfig;
import io.kumos.network.ipam.Cidr;
import io.kumos.network.ipam.Ipam;

/**
 * Writes and removes the nodes' leases on the pod network. A lease carries the node's subnet from the IPAM ledger
 * (the one source of who holds which subnet), so it can never name a subnet the node does not hold; it lives
 * {@code kumos.network.node-lease-lifespan} unless renewed. Blocking (Hot Rod): worker threads only.
 */
@ApplicationScoped
public class NodeLeases {

    private final RemoteCacheManager grid;
    private final Ipam ipam;
    private final long lifespanMillis;
    private final Clock clock = Clock.systemUTC();

    NodeLeases(RemoteCacheManager grid, Ipam ipam, NetworkConfig config) {
        this.grid = grid;
        this.ipam = ipam;
        this.lifespanMillis = config.nodeLeaseLifespan().toMillis();
    }

    /** Renews (or makes) the node's lease with its underlay address and VTEP MAC; answers the node's subnet. */
    public Cidr renew(String node, String underlayAddress, String vtepMac) {
        Cidr subnet = ipam.subnetOf(node);
        GridCaches.<String, NodeNetworkLease>open(grid, GridCaches.NODE_NETWORK).put(node,
                new NodeNetworkLease(node, subnet.toString(), underlayAddress, vtepMac, clock.millis()),
                lifespanMillis, TimeUnit.MILLISECONDS);
        return subnet;
    }

    /** Removes the node's lease: it leaves the overlay now, its subnet stays its own (as a restart needs). */
    public void remove(String node) {
        GridCaches.<String, NodeNetworkLease>open(grid, GridCaches.NODE_NETWORK).remove(node);
    }
}

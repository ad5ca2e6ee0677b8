package io.kumos.network.ipam;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.Flag;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;

/**
 * The pod network's address management over the grid's IPAM ledger: a subnet per node, an address per pod. Every
 * claim is a {@code putIfAbsent} on the thing claimed ({@code subnet/<cidr>}, {@code ip/<address>}), so however many
 * network-service replicas and threads race, no subnet or address is given twice; the holder's own entry
 * ({@code node/<name>}, {@code pod/<uid>}) makes asking again give the same answer. Blocking (Hot Rod): worker
 * threads only.
 */
@ApplicationScoped
public class Ipam {

    private final RemoteCacheManager grid;
    private final Cidr cluster;
    private final int subnetPrefix;
    private final Clock clock = Clock.systemUTC();

    Ipam(RemoteCacheManager grid, NetworkConfig config) {
        this.grid = grid;
        this.cluster = Cidr.parse(config.clusterCidr());
        this.subnetPrefix = config.nodeSubnetPrefix();
        if (subnetPrefix < cluster.prefix() || subnetPrefix > 30) {
            throw new IllegalArgumentException("kumos.network.node-subnet-prefix " + subnetPrefix
                    + " does not fit in the cluster CIDR " + cluster);
        }
    }

    /** The node's subnet: the one it holds, or the first free one. */
    public Cidr subnetOf(String node) {
        RemoteCache<String, IpamLease> ledger = ledger();
        IpamLease held = ledger.get("node/" + node);
        if (held != null) {
            return Cidr.parse(held.value());
        }
        for (long index = 0; index < cluster.subnets(subnetPrefix); index++) {
            Cidr subnet = cluster.subnet(subnetPrefix, index);
            IpamLease claim = new IpamLease(node, node, clock.millis());
            if (ledger.putIfAbsent("subnet/" + subnet, claim) == null) {
                IpamLease previous = ledger.putIfAbsent("node/" + node, new IpamLease(node, subnet.toString(),
                        claim.atMillis()));
                if (previous == null) {
                    return subnet;
                }
                // The same node claimed another subnet meanwhile: keep that one, give this one back.
                ledger.remove("subnet/" + subnet, claim);
                return Cidr.parse(previous.value());
            }
        }
        throw new IpamException("no free subnet of /" + subnetPrefix + " left in the cluster CIDR " + cluster);
    }

    /** The pod's address in its node's subnet: the one it holds, or the first free one (not .0, .1, broadcast). */
    public String addressOf(String podUid, String node) {
        RemoteCache<String, IpamLease> ledger = ledger();
        IpamLease held = ledger.get("pod/" + podUid);
        if (held != null) {
            return held.value();
        }
        Cidr subnet = subnetOf(node);
        for (long index = 2; index < subnet.size() - 1; index++) {
            String address = subnet.address(index);
            IpamLease claim = new IpamLease(podUid, node, clock.millis());
            if (ledger.putIfAbsent("ip/" + address, claim) == null) {
                IpamLease previous = ledger.putIfAbsent("pod/" + podUid, new IpamLease(podUid, address,
                        claim.atMillis()));
                if (previous == null) {
                    return address;
                }
                ledger.remove("ip/" + address, claim);
                return previous.value();
            }
        }
        throw new IpamException("the subnet " + subnet + " of node " + node + " has no free address");
    }

    /** Gives a pod's address back; nothing happens if it holds none. */
    public Optional<String> release(String podUid) {
        RemoteCache<String, IpamLease> ledger = ledger();
        IpamLease held = ledger.get("pod/" + podUid);
        if (held == null) {
            return Optional.empty();
        }
        IpamLease claim = ledger.get("ip/" + held.value());
        if (claim != null && claim.holder().equals(podUid)) {
            ledger.remove("ip/" + held.value(), claim);
        }
        ledger.remove("pod/" + podUid, held);
        return Optional.of(held.value());
    }

    /** The ledger, answering with the previous value: a claim must know whether someone else had it first. */
    RemoteCache<String, IpamLease> ledger() {
        return GridCaches.<String, IpamLease>open(grid, GridCaches.IPAM).withFlags(Flag.FORCE_RETURN_VALUE);
    }
}

package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.IP;
import static io.kumos.network.ipam.LedgerKey.NODE;
import static io.kumos.network.ipam.LedgerKey.POD;
import static io.kumos.network.ipam.LedgerKey.SUBNET;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;

/**
 * The pod network's address management over the grid's IPAM ledger: a subnet per node, an address per pod. Every
 * claim is a {@code putIfAbsent} on the thing claimed ({@code subnet/<cidr>}, {@code ip/<address>}), so however many
 * network-service replicas, processes and threads race, no subnet or address is given twice; the holder's own
 * record ({@code node/<name>}, {@code pod/<uid>}) makes asking again give the same answer. See {@link LedgerKey}
 * for the order of writes. Blocking (Hot Rod): worker threads only; safe from any number of threads.
 */
@ApplicationScoped
public class Ipam {

    private static final Logger LOG = Logger.getLogger(Ipam.class);

    private final RemoteCacheManager grid;
    private final Cidr cluster;
    private final int subnetPrefix;
    private final Duration renewAfter;
    private final Clock clock = Clock.systemUTC();
    /** Whether the last node that asked for a subnet found none free: told once, when it starts. */
    private volatile boolean subnetsExhausted;

    @Inject
    Ipam(RemoteCacheManager grid, NetworkConfig config) {
        this(grid, Cidr.parse(config.clusterCidr()), config.nodeSubnetPrefix(), config.nodeGrace());
    }

    /**
     * The same rules outside CDI, for any process with a client of the grid: uniqueness lives in the ledger, not in
     * who asks. A node's record is renewed once older than a quarter of {@code nodeGrace}, the reconciler reclaims
     * only records older than the whole of it, which leaves anyone who read a record three quarters of the grace
     * to finish using it.
     */
    public Ipam(RemoteCacheManager grid, Cidr cluster, int subnetPrefix, Duration nodeGrace) {
        if (subnetPrefix < cluster.prefix() || subnetPrefix > 30) {
            throw new IllegalArgumentException("kumos.network.node-subnet-prefix " + subnetPrefix
                    + " does not fit in the cluster CIDR " + cluster);
        }
        this.grid = grid;
        this.cluster = cluster;
        this.subnetPrefix = subnetPrefix;
        this.renewAfter = nodeGrace.dividedBy(4);
    }

    /**
     * The node's subnet: the one it holds, or the first free one. An old record is renewed with a conditional
     * write: the reconciler removes a gone node's record only if it is unchanged, so a node that asks while its
     * subnet is being reclaimed either keeps it (the reclaim fails) or claims another (the renewal fails), and never
     * shares one.
     */
    public Cidr subnetOf(String node) {
        RemoteCache<String, IpamLease> ledger = ledger();
        while (true) {
            IpamLease held = ledger.get(NODE.of(node));
            if (held == null) {
                return claimSubnet(ledger, node);
            }
            long now = clock.millis();
            if (now - held.atMillis() < renewAfter.toMillis()
                    || ledger.replace(NODE.of(node), held, new IpamLease(node, held.value(), now))) {
                return Cidr.parse(held.value());
            }
            // Renewed by another caller, or reclaimed: look again.
        }
    }

    private Cidr claimSubnet(RemoteCache<String, IpamLease> ledger, String node) {
        for (long index = 0; index < cluster.subnets(subnetPrefix); index++) {
            Cidr subnet = cluster.subnet(subnetPrefix, index);
            IpamLease claim = new IpamLease(node, node, clock.millis());
            if (ledger.putIfAbsent(SUBNET.of(subnet), claim) == null) {
                IpamLease previous = ledger.putIfAbsent(NODE.of(node),
                        new IpamLease(node, subnet.toString(), claim.atMillis()));
                if (previous == null) {
                    subnetsExhausted = false;
                    return subnet;
                }
                // The same node claimed another subnet meanwhile: keep that one, give this one back.
                ledger.remove(SUBNET.of(subnet), claim);
                return Cidr.parse(previous.value());
            }
        }
        if (!subnetsExhausted) {
            subnetsExhausted = true;
            LOG.warnf("No free /%d subnet is left in the cluster CIDR %s (%d subnets): node %s, and every node "
                    + "after it until one is freed, gets no pod subnet, so its pods cannot get an address and do not "
                    + "start (the scheduler still binds pods to it). A gone node's subnet is freed after "
                    + "kumos.network.node-grace; for more nodes, give a wider kumos.network.cluster-cidr or a longer "
                    + "kumos.network.node-subnet-prefix.", subnetPrefix, cluster, cluster.subnets(subnetPrefix), node);
        }
        throw IpamException.rangeFull("no free subnet of /" + subnetPrefix + " left in the cluster CIDR " + cluster);
    }

    /** The pod's address in its node's subnet: the one it holds, or the first free one (not .0, .1, broadcast). */
    public String addressOf(String podUid, String node) {
        RemoteCache<String, IpamLease> ledger = ledger();
        IpamLease held = ledger.get(POD.of(podUid));
        if (held != null) {
            return held.value();
        }
        Cidr subnet = subnetOf(node);
        for (long index = 2; index < subnet.size() - 1; index++) {
            String address = subnet.address(index);
            IpamLease claim = new IpamLease(podUid, node, clock.millis());
            if (ledger.putIfAbsent(IP.of(address), claim) == null) {
                IpamLease previous = ledger.putIfAbsent(POD.of(podUid),
                        new IpamLease(podUid, address, claim.atMillis()));
                if (previous == null) {
                    return address;
                }
                ledger.remove(IP.of(address), claim);
                return previous.value();
            }
        }
        throw IpamException.rangeFull("the subnet " + subnet + " of node " + node + " has no free address");
    }

    /** Gives a pod's address back; nothing happens if it holds none. */
    public Optional<String> release(String podUid) {
        IpamLease held = ledger().get(POD.of(podUid));
        return held != null && release(podUid, held) ? Optional.of(held.value()) : Optional.empty();
    }

    /**
     * Gives back the address of this record, unless the record changed meanwhile: then whoever changed it owns the
     * claim. The record goes first, the claim after, so the address is never free while the record points at it.
     */
    boolean release(String podUid, IpamLease held) {
        RemoteCache<String, IpamLease> ledger = ledger();
        if (!ledger.remove(POD.of(podUid), held)) {
            return false;
        }
        IpamLease claim = ledger.get(IP.of(held.value()));
        if (claim != null && claim.holder().equals(podUid)) {
            ledger.remove(IP.of(held.value()), claim);
        }
        return true;
    }

    /** The ledger, answering with the previous value: a claim must know whether someone else had it first. */
    RemoteCache<String, IpamLease> ledger() {
        return Ledger.open(grid);
    }
}

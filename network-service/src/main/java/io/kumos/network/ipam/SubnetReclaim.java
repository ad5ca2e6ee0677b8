package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.IP;
import static io.kumos.network.ipam.LedgerKey.NODE;
import static io.kumos.network.ipam.LedgerKey.POD;
import static io.kumos.network.ipam.LedgerKey.SUBNET;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.commons.util.CloseableIterator;

import io.kumos.grid.ipam.IpamLease;

/**
 * Takes a subnet back from a node, with the addresses given in it to the node's pods. Every step is a conditional
 * remove of the exact lease read, in the reverse order of claiming: the node's record, then each pod's record and
 * address claim, then the subnet's claim. So a node that renewed its record meanwhile keeps its subnet, and the
 * subnet is free for another node only once nothing in it is held any more. A crash half-way leaves a subnet claim
 * without a record, which the reconciler finishes through {@link #free}.
 *
 * <p>Blocking (Hot Rod). Idempotent: several network-service replicas may reclaim the same node at once.
 */
final class SubnetReclaim {

    private final Ipam ipam;

    SubnetReclaim(Ipam ipam) {
        this.ipam = ipam;
    }

    /**
     * Reclaims the subnet of a node that is gone, unless its record is no longer {@code held} (the node asked again,
     * or another replica reclaimed it first). Returns how many leases it removed.
     */
    int reclaim(String node, IpamLease held) {
        if (!ipam.ledger().remove(NODE.of(node), held)) {
            return 0;
        }
        return 1 + free(node, Cidr.parse(held.value()));
    }

    /**
     * Frees a subnet the node claimed but no longer records: the addresses in it claimed for the node's pods, then
     * the subnet's claim. Returns how many leases it removed.
     */
    int free(String node, Cidr subnet) {
        RemoteCache<String, IpamLease> ledger = ipam.ledger();
        int freed = 0;
        for (Map.Entry<String, IpamLease> address : addressesFor(ledger, node, subnet)) {
            String podUid = address.getValue().holder();
            IpamLease record = ledger.get(POD.of(podUid));
            boolean recorded = record != null && IP.of(record.value()).equals(address.getKey());
            if (recorded ? ipam.release(podUid, record) : ledger.remove(address.getKey(), address.getValue())) {
                freed++;
            }
        }
        IpamLease claim = ledger.get(SUBNET.of(subnet));
        if (claim != null && claim.holder().equals(node) && ledger.remove(SUBNET.of(subnet), claim)) {
            freed++;
        }
        return freed;
    }

    /** The address claims in the subnet made for the node's pods (an address claim's value is the pod's node). */
    private static List<Map.Entry<String, IpamLease>> addressesFor(RemoteCache<String, IpamLease> ledger, String node,
            Cidr subnet) {
        List<Map.Entry<String, IpamLease>> addresses = new ArrayList<>();
        try (CloseableIterator<Map.Entry<String, IpamLease>> entries = ledger.entrySet().iterator()) {
            while (entries.hasNext()) {
                Map.Entry<String, IpamLease> entry = entries.next();
                if (IP.matches(entry.getKey()) && node.equals(entry.getValue().value())
                        && subnet.contains(IP.nameIn(entry.getKey()))) {
                    addresses.add(Map.entry(entry.getKey(), entry.getValue()));
                }
            }
        }
        return addresses;
    }
}

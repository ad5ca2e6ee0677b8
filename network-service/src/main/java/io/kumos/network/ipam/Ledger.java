package io.kumos.network.ipam;

import java.util.HashMap;
import java.util.Map;

import org.infinispan.client.hotrod.Flag;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.util.CloseableIterator;

import io.kumos.grid.GridCaches;
import io.kumos.grid.ipam.IpamLease;

/** The grid's IPAM ledger, opened for conditional writes, and read by kind of key. Blocking (Hot Rod). */
final class Ledger {

    private Ledger() {
    }

    /** The ledger, answering with the previous value: a claim must know whether someone else had it first. */
    static RemoteCache<String, IpamLease> open(RemoteCacheManager grid) {
        return GridCaches.<String, IpamLease>open(grid, GridCaches.IPAM).withFlags(Flag.FORCE_RETURN_VALUE);
    }

    /** The entries of one kind (one walk of the whole ledger), by key. */
    static Map<String, IpamLease> entries(RemoteCache<String, IpamLease> ledger, LedgerKey kind) {
        Map<String, IpamLease> entries = new HashMap<>();
        try (CloseableIterator<Map.Entry<String, IpamLease>> all = ledger.entrySet().iterator()) {
            while (all.hasNext()) {
                Map.Entry<String, IpamLease> entry = all.next();
                if (kind.matches(entry.getKey())) {
                    entries.put(entry.getKey(), entry.getValue());
                }
            }
        }
        return entries;
    }
}

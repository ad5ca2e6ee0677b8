package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.NODE_PORT;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;

/**
 * Services' node ports from {@code kumos.network.node-port-range}, over the grid's IPAM ledger: the claim
 * {@code node-port/<port>} (held by the Service's uid, its value the Service's {@code namespace/name}) is a
 * {@code putIfAbsent}, so no port is given to two Services however many callers race. A Service asks for all its
 * ports at once and gets all or none: a port that cannot be given takes back those claimed by the same request.
 * Ports a Service holds are its own to ask for again. There is no record: the Service lists its node ports, and the
 * reconciler frees claims no live Service lists.
 *
 * <p>Blocking (Hot Rod): worker threads only; safe from any number of threads.
 */
@ApplicationScoped
public class NodePorts {

    private final RemoteCacheManager grid;
    private final PortRange range;
    private final Clock clock = Clock.systemUTC();

    @Inject
    NodePorts(RemoteCacheManager grid, NetworkConfig config) {
        this(grid, PortRange.parse(config.nodePortRange()));
    }

    /** The same rules outside CDI, over any range. */
    public NodePorts(RemoteCacheManager grid, PortRange range) {
        this.grid = grid;
        this.range = range;
    }

    public PortRange range() {
        return range;
    }

    /**
     * Claims a node port for each entry: the one asked for, or a free one where the entry is 0. Ports asked for are
     * claimed before free ones are chosen, so that a free one is never one asked for further on.
     *
     * @param uid     the Service's uid, which holds the ports
     * @param service {@code namespace/name}, written into the claims for the reader of the ledger
     * @return the ports, entry by entry
     * @throws IpamException about the first entry that cannot be given (its {@link IpamException#index()}), once the
     *         ports this call claimed are given back
     */
    public List<Integer> claim(String uid, String service, List<Integer> wanted) {
        RemoteCache<String, IpamLease> ledger = Ledger.open(grid);
        Map<Integer, IpamLease> claimedHere = new LinkedHashMap<>();
        List<Integer> given = new ArrayList<>(wanted);
        try {
            for (int i = 0; i < wanted.size(); i++) {
                if (wanted.get(i) != 0) {
                    claimRequested(ledger, uid, service, wanted.get(i), i, claimedHere);
                }
            }
            for (int i = 0; i < wanted.size(); i++) {
                if (wanted.get(i) == 0) {
                    given.set(i, claimFree(ledger, uid, service, i, claimedHere));
                }
            }
            return given;
        } catch (IpamException e) {
            claimedHere.forEach((port, claim) -> ledger.remove(NODE_PORT.of(port), claim));
            throw e;
        }
    }

    private void claimRequested(RemoteCache<String, IpamLease> ledger, String uid, String service, int port,
            int index, Map<Integer, IpamLease> claimedHere) {
        if (!range.contains(port)) {
            throw IpamException.outOfRange("provided port is not in the valid range. The range of valid ports is "
                    + range, index);
        }
        IpamLease claim = new IpamLease(uid, service, clock.millis());
        IpamLease previous = ledger.putIfAbsent(NODE_PORT.of(port), claim);
        if (previous == null) {
            claimedHere.put(port, claim);
        } else if (!previous.holder().equals(uid)) {
            throw IpamException.alreadyAllocated("provided port is already allocated", index);
        }
    }

    private int claimFree(RemoteCache<String, IpamLease> ledger, String uid, String service, int index,
            Map<Integer, IpamLease> claimedHere) {
        OptionalLong member = RangeProbe.claim(range.size(), RangeProbe.staticBand(range.size(), 32, 128),
                offset -> {
                    int port = range.first() + (int) offset;
                    IpamLease claim = new IpamLease(uid, service, clock.millis());
                    if (ledger.putIfAbsent(NODE_PORT.of(port), claim) != null) {
                        return false;
                    }
                    claimedHere.put(port, claim);
                    return true;
                }, () -> taken(ledger));
        if (member.isEmpty()) {
            throw IpamException.rangeFull("range is full").at(index);
        }
        return range.first() + (int) member.getAsLong();
    }

    /** Gives back those of the ports the Service holds; others' ports and free ports are left as they are. */
    public void release(String uid, Collection<Integer> ports) {
        RemoteCache<String, IpamLease> ledger = Ledger.open(grid);
        for (int port : ports) {
            IpamLease claim = ledger.get(NODE_PORT.of(port));
            if (claim != null && claim.holder().equals(uid)) {
                ledger.remove(NODE_PORT.of(port), claim);
            }
        }
    }

    private Set<Long> taken(RemoteCache<String, IpamLease> ledger) {
        Set<Long> taken = new HashSet<>();
        for (String key : Ledger.entries(ledger, NODE_PORT).keySet()) {
            int port = Integer.parseInt(NODE_PORT.nameIn(key));
            if (range.contains(port)) {
                taken.add((long) port - range.first());
            }
        }
        return taken;
    }
}

package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.SERVICE;
import static io.kumos.network.ipam.LedgerKey.SERVICE_IP;

import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;

/**
 * Services' cluster IPs from the service CIDR ({@code kumos.network.service-cidr}), over the grid's IPAM ledger with
 * the pods' rules (see {@link LedgerKey}): the claim {@code service-ip/<address>} is a {@code putIfAbsent}, so no
 * address is given twice however many gateways, replicas and threads ask at once; the record
 * {@code service/<uid>} makes the Service asking again (a retried request) get the same answer. The network's own
 * address and its broadcast address are never given. A claim's value names the Service ({@code namespace/name})
 * for whoever reads the ledger.
 *
 * <p>Blocking (Hot Rod): worker threads only; safe from any number of threads.
 */
@ApplicationScoped
public class ServiceIps {

    private final RemoteCacheManager grid;
    private final Cidr range;
    private final Clock clock = Clock.systemUTC();

    @Inject
    ServiceIps(RemoteCacheManager grid, NetworkConfig config) {
        this(grid, Cidr.parse(config.serviceCidr()));
    }

    /** The same rules outside CDI, over any range: uniqueness lives in the ledger, not in who asks. */
    public ServiceIps(RemoteCacheManager grid, Cidr range) {
        if (range.size() < 4) {
            throw new IllegalArgumentException("kumos.network.service-cidr " + range + " holds no address to give");
        }
        this.grid = grid;
        this.range = range;
    }

    public Cidr range() {
        return range;
    }

    /**
     * The Service's cluster IP: the one it holds, else the one it asks for if nobody holds it, else a free one.
     *
     * @param uid       the Service's uid, which holds the address
     * @param service   {@code namespace/name}, written into the claim for the reader of the ledger
     * @param requested the address the Service asks for, if any
     * @throws IpamException if the requested address lies outside the range or is someone else's, or the range is
     *         full
     */
    public String clusterIpOf(String uid, String service, Optional<String> requested) {
        RemoteCache<String, IpamLease> ledger = Ledger.open(grid);
        IpamLease held = ledger.get(SERVICE.of(uid));
        if (held != null && (requested.isEmpty() || requested.get().equals(held.value()))) {
            return held.value();
        }
        if (held != null) {
            throw IpamException.alreadyAllocated("the Service holds " + held.value() + " already", -1);
        }
        if (requested.isPresent()) {
            return claimRequested(ledger, uid, service, requested.get());
        }
        OptionalLong index = RangeProbe.claim(range.size() - 2, RangeProbe.staticBand(range.size(), 16, 256),
                member -> claim(ledger, uid, service, range.address(member + 1)),
                () -> taken(ledger));
        if (index.isEmpty()) {
            throw IpamException.rangeFull("range is full");
        }
        return record(ledger, uid, range.address(index.getAsLong() + 1));
    }

    private String claimRequested(RemoteCache<String, IpamLease> ledger, String uid, String service,
            String address) {
        if (!usable(address)) {
            throw IpamException.outOfRange("the provided IP (" + address + ") is not in the valid range. The range "
                    + "of valid IPs is " + range, -1);
        }
        IpamLease claim = new IpamLease(uid, service, clock.millis());
        IpamLease previous = ledger.putIfAbsent(SERVICE_IP.of(address), claim);
        if (previous != null && !previous.holder().equals(uid)) {
            throw IpamException.alreadyAllocated("provided IP is already allocated", -1);
        }
        return record(ledger, uid, address);
    }

    private boolean claim(RemoteCache<String, IpamLease> ledger, String uid, String service, String address) {
        return ledger.putIfAbsent(SERVICE_IP.of(address), new IpamLease(uid, service, clock.millis())) == null;
    }

    /**
     * Records the claimed address as the Service's; if the Service recorded another one meanwhile (a concurrent
     * retry), keeps that one and gives this one back.
     */
    private String record(RemoteCache<String, IpamLease> ledger, String uid, String address) {
        IpamLease previous = ledger.putIfAbsent(SERVICE.of(uid), new IpamLease(uid, address, clock.millis()));
        if (previous == null || previous.value().equals(address)) {
            return address;
        }
        IpamLease claim = ledger.get(SERVICE_IP.of(address));
        if (claim != null && claim.holder().equals(uid)) {
            ledger.remove(SERVICE_IP.of(address), claim);
        }
        return previous.value();
    }

    /** Gives a Service's cluster IP back; nothing happens if it holds none. */
    public Optional<String> release(String uid) {
        IpamLease held = Ledger.open(grid).get(SERVICE.of(uid));
        return held != null && release(uid, held) ? Optional.of(held.value()) : Optional.empty();
    }

    /**
     * Gives back the address of this record, unless the record changed meanwhile. The record goes first, the claim
     * after, so the address is never free while the record points at it.
     */
    boolean release(String uid, IpamLease held) {
        RemoteCache<String, IpamLease> ledger = Ledger.open(grid);
        if (!ledger.remove(SERVICE.of(uid), held)) {
            return false;
        }
        IpamLease claim = ledger.get(SERVICE_IP.of(held.value()));
        if (claim != null && claim.holder().equals(uid)) {
            ledger.remove(SERVICE_IP.of(held.value()), claim);
        }
        return true;
    }

    /** Not the network's own address nor its broadcast address, and in the range. */
    private boolean usable(String address) {
        try {
            long index = range.indexOf(address);
            return index > 0 && index < range.size() - 1;
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    private Set<Long> taken(RemoteCache<String, IpamLease> ledger) {
        Set<Long> taken = new HashSet<>();
        for (String key : Ledger.entries(ledger, SERVICE_IP).keySet()) {
            String address = SERVICE_IP.nameIn(key);
            if (range.contains(address)) {
                taken.add(range.indexOf(address) - 1);
            }
        }
        return taken;
    }
}

package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.IP;
import static io.kumos.network.ipam.LedgerKey.NODE;
import static io.kumos.network.ipam.LedgerKey.POD;
import static io.kumos.network.ipam.LedgerKey.SUBNET;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.util.CloseableIterator;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.GridCaches;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.network.NetworkConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Frees what nobody holds any more, so that nothing leaks after a crash, comparing the ledger with the grid's
 * projection of the API and the nodes' heartbeats:
 * <ul>
 * <li>the address of a pod the projection does not show;</li>
 * <li>an address or subnet claimed by a process that died before recording its holder;</li>
 * <li>the subnet of a node that has had neither a Node object nor a heartbeat for {@code kumos.network.node-grace},
 * with its pods' addresses (see {@link SubnetReclaim}).</li>
 * </ul>
 * A lease younger than {@code kumos.network.orphan-grace} is left alone, as the projection may not show its pod yet.
 * Nothing is freed while the projection is incomplete (the grid restarted, the api-gateway rebuilds it): an absent
 * pod or node then proves nothing.
 *
 * <p>Runs on a scheduler worker (blocking Hot Rod calls), one pass at a time; several replicas may run it at once,
 * since every removal is conditional on the lease it read.
 */
@ApplicationScoped
public class IpamReconciler {

    private static final Logger LOG = Logger.getLogger(IpamReconciler.class);
    private static final String PODS = "core/pods";
    private static final String NODES = "core/nodes";

    private final RemoteCacheManager grid;
    private final Ipam ipam;
    private final SubnetReclaim reclaim;
    private final NodeAbsence absence = new NodeAbsence();
    private final NetworkConfig config;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    IpamReconciler(RemoteCacheManager grid, Ipam ipam, NetworkConfig config, ObjectMapper json) {
        this.grid = grid;
        this.ipam = ipam;
        this.reclaim = new SubnetReclaim(ipam);
        this.config = config;
        this.json = json;
    }

    @Scheduled(every = "${kumos.network.reconcile-period:30s}", delay = 10, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.debugf("IPAM reconciliation failed: %s", e.getMessage());
        }
    }

    /** One pass; returns how many leases it freed. */
    public int reconcile() {
        return reconcile(clock.instant());
    }

    /** One pass as if at {@code now}, which tests move past the graces instead of waiting them out. */
    int reconcile(Instant now) {
        LiveCluster live;
        try {
            live = liveCluster();
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            LOG.debugf("IPAM reconciliation waits: %s", e.getMessage());
            return 0;
        }
        Map<String, IpamLease> ledger = snapshot();
        int freed = 0;
        for (Map.Entry<String, IpamLease> entry : ledger.entrySet()) {
            freed += freeUnheld(entry.getKey(), entry.getValue(), live, ledger, now);
        }
        freed += reclaimGoneNodes(ledger, live, now);
        if (freed > 0) {
            LOG.infof("IPAM reconciliation freed %d lease(s) no live pod or node holds", freed);
        }
        return freed;
    }

    /** Frees one lease if no live pod accounts for it; returns how many leases that removed. */
    private int freeUnheld(String key, IpamLease lease, LiveCluster live, Map<String, IpamLease> ledger,
            Instant now) {
        if (!olderThan(lease, config.orphanGrace(), now)) {
            return 0;
        }
        if (POD.matches(key) && !live.pods().contains(lease.holder())) {
            return ipam.release(lease.holder(), lease) ? 1 : 0;
        }
        if (IP.matches(key) && !recorded(ledger, POD.of(lease.holder()), IP.nameIn(key))) {
            return ipam.ledger().remove(key, lease) ? 1 : 0;
        }
        if (SUBNET.matches(key) && !recorded(ledger, NODE.of(lease.holder()), SUBNET.nameIn(key))) {
            return reclaim.free(lease.holder(), Cidr.parse(SUBNET.nameIn(key)));
        }
        return 0;
    }

    /**
     * Whether the holder's record points at the claim, in the pass's snapshot or, if not there, now: a record
     * written since the snapshot must not be orphaned.
     */
    private boolean recorded(Map<String, IpamLease> ledger, String recordKey, String claimed) {
        IpamLease record = ledger.get(recordKey);
        if (record != null && record.value().equals(claimed)) {
            return true;
        }
        record = ipam.ledger().get(recordKey);
        return record != null && record.value().equals(claimed);
    }

    /** Reclaims the subnets of nodes gone for longer than the node grace; returns how many leases that removed. */
    private int reclaimGoneNodes(Map<String, IpamLease> ledger, LiveCluster live, Instant now) {
        RemoteCache<String, NodeHeartbeat> heartbeats = GridCaches.open(grid, GridCaches.NODE_HEARTBEATS);
        Duration grace = config.nodeGrace();
        Set<String> holders = new HashSet<>();
        int freed = 0;
        for (Map.Entry<String, IpamLease> entry : ledger.entrySet()) {
            if (!NODE.matches(entry.getKey())) {
                continue;
            }
            String node = NODE.nameIn(entry.getKey());
            holders.add(node);
            boolean present = live.nodes().contains(node) || heartbeats.containsKey(node);
            Duration gone = absence.observe(node, present, now);
            if (gone.compareTo(grace) > 0 && olderThan(entry.getValue(), grace, now)) {
                int reclaimed = reclaim.reclaim(node, entry.getValue());
                if (reclaimed > 0) {
                    LOG.infof("Node %s has had no Node object and no heartbeat for %s: its pod subnet %s is free "
                            + "again (%d lease(s) removed). A returning node gets a subnet anew.", node, gone,
                            entry.getValue().value(), reclaimed);
                }
                freed += reclaimed;
            }
        }
        absence.retainOnly(holders);
        return freed;
    }

    private static boolean olderThan(IpamLease lease, Duration grace, Instant now) {
        return now.toEpochMilli() - lease.atMillis() > grace.toMillis();
    }

    private LiveCluster liveCluster() {
        Set<String> pods = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (GridObject object : ProjectedObjects.live(grid, Set.of(PODS, NODES))) {
            if (PODS.equals(object.resource())) {
                pods.add(uidOf(object.json()));
            } else {
                nodes.add(object.name());
            }
        }
        return new LiveCluster(pods, nodes);
    }

    private String uidOf(String pod) {
        try {
            return json.readTree(pod).path("metadata").path("uid").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the grid holds a pod that is not JSON", e);
        }
    }

    /** The whole ledger, read once: the pass then writes only conditionally on what it read. */
    private Map<String, IpamLease> snapshot() {
        Map<String, IpamLease> snapshot = new HashMap<>();
        try (CloseableIterator<Map.Entry<String, IpamLease>> entries = ipam.ledger().entrySet().iterator()) {
            while (entries.hasNext()) {
                Map.Entry<String, IpamLease> entry = entries.next();
                snapshot.put(entry.getKey(), entry.getValue());
            }
        }
        return snapshot;
    }

    /** What the projection shows alive: pod uids and node names. */
    private record LiveCluster(Set<String> pods, Set<String> nodes) {
    }
}

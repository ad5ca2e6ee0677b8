package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.IP;
import static io.kumos.network.ipam.LedgerKey.NODE;
import static io.kumos.network.ipam.LedgerKey.NODE_PORT;
import static io.kumos.network.ipam.LedgerKey.POD;
import static io.kumos.network.ipam.LedgerKey.SERVICE;
import static io.kumos.network.ipam.LedgerKey.SERVICE_IP;
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

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.grid.problems.OncePerObject;
import io.kumos.network.NetworkConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Frees what nobody holds any more, so that nothing leaks after a crash, comparing the ledger with the grid's
 * projection of the API (as the shared informers of pods, nodes and Services hold it) and the nodes' heartbeats:
 * <ul>
 * <li>the address of a pod the projection does not show;</li>
 * <li>the cluster IP or a node port of a Service the projection does not show, or that no longer lists it (its
 * type changed, a gateway crashed between allocating and committing the Service);</li>
 * <li>an address or subnet claimed by a process that died before recording its holder;</li>
 * <li>the subnet of a node that has had neither a Node object nor a heartbeat for {@code kumos.network.node-grace},
 * with its pods' addresses (see {@link SubnetReclaim}).</li>
 * </ul>
 * A lease younger than {@code kumos.network.orphan-grace} is left alone, as the projection may not show its pod or
 * Service yet (the api-gateway allocates a Service's addresses before it commits the Service). Nothing is freed while
 * an informer is not current (the grid restarted and the api-gateway rebuilds the projection, or the informer is
 * listing it again after a failover): an absent pod, Service or node then proves nothing.
 *
 * <p>Runs on a scheduler worker (blocking Hot Rod calls), one pass at a time; several replicas may run it at once,
 * since every removal is conditional on the lease it read.
 */
@ApplicationScoped
public class IpamReconciler {

    private static final Logger LOG = Logger.getLogger(IpamReconciler.class);
    private static final String PODS = "core/pods";
    private static final String NODES = "core/nodes";
    private static final String SERVICES = "core/services";
    private static final String PASS = "the IPAM reconciliation";

    private final RemoteCacheManager grid;
    private final Ipam ipam;
    private final ServiceIps serviceIps;
    private final SubnetReclaim reclaim;
    private final NodeAbsence absence = new NodeAbsence();
    private final NetworkConfig config;
    private final ObjectInformer pods;
    private final ObjectInformer nodes;
    private final ObjectInformer services;
    private final Clock clock = Clock.systemUTC();
    /** A failing pass, told once per reason. */
    private final OncePerObject told = new OncePerObject(LOG);

    IpamReconciler(RemoteCacheManager grid, SharedInformers informers, Ipam ipam, ServiceIps serviceIps,
            NetworkConfig config) {
        this.grid = grid;
        this.ipam = ipam;
        this.serviceIps = serviceIps;
        this.reclaim = new SubnetReclaim(ipam);
        this.config = config;
        this.pods = informers.informer(PODS);
        this.nodes = informers.informer(NODES);
        this.services = informers.informer(SERVICES);
    }

    @Scheduled(every = "${kumos.network.reconcile-period:30s}", delay = 10, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            reconcile();
            told.recovered(PASS, "IPAM reconciliation works again");
        } catch (RuntimeException e) {
            told.warn(PASS, String.valueOf(e.getMessage()), "IPAM reconciliation failed (" + e + "); leaked addresses"
                    + " and subnets stay claimed until it works, tried again every " + config.reconcilePeriod()
                    + ". Is the Infinispan Server up? Check './kumos status'.");
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
            LOG.infof("IPAM reconciliation freed %d lease(s) no live pod, Service or node holds", freed);
        }
        return freed;
    }

    /** Frees one lease if no live pod or Service accounts for it; returns how many leases that removed. */
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
        if (SERVICE.matches(key) && !live.serviceIps().contains(held(lease.holder(), lease.value()))) {
            return serviceIps.release(lease.holder(), lease) ? 1 : 0;
        }
        if (SERVICE_IP.matches(key) && !recorded(ledger, SERVICE.of(lease.holder()), SERVICE_IP.nameIn(key))) {
            return ipam.ledger().remove(key, lease) ? 1 : 0;
        }
        if (NODE_PORT.matches(key) && !live.nodePorts().contains(held(lease.holder(), NODE_PORT.nameIn(key)))) {
            return ipam.ledger().remove(key, lease) ? 1 : 0;
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

    /** What the informers hold, each current (or this throws, and the pass frees nothing). */
    private LiveCluster liveCluster() {
        LiveCluster live = new LiveCluster(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
        pods.current().list().forEach(pod -> live.pods().add(pod.path("metadata").path("uid").asText()));
        nodes.current().list().forEach(node -> live.nodes().add(node.path("metadata").path("name").asText()));
        services.current().list().forEach(service -> addService(live, service));
        return live;
    }

    /** What a live Service holds: its cluster IPs and node ports, each as {@code <uid>/<ip or port>}. */
    private static void addService(LiveCluster live, JsonNode service) {
        String uid = service.path("metadata").path("uid").asText();
        JsonNode spec = service.path("spec");
        spec.path("clusterIPs").forEach(ip -> live.serviceIps().add(held(uid, ip.asText())));
        live.serviceIps().add(held(uid, spec.path("clusterIP").asText()));
        spec.path("ports").forEach(port -> live.nodePorts().add(held(uid, port.path("nodePort").asText())));
    }

    private static String held(String uid, String value) {
        return uid + "/" + value;
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

    /**
     * What the projection shows alive: pod uids, node names, and the cluster IPs and node ports of Services (as
     * {@code <uid>/<ip>}, {@code <uid>/<port>}).
     */
    private record LiveCluster(Set<String> pods, Set<String> nodes, Set<String> serviceIps, Set<String> nodePorts) {
    }
}

package io.kumos.network.ipam;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.ipam.IpamLease;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.network.NetworkConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Frees what no live pod holds, so that nothing leaks after a crash: addresses of pods that are gone (by uid,
 * against the grid's projection of the API), and addresses claimed by a process that died before it recorded the
 * pod's own entry (older than {@code kumos.network.orphan-grace}).
 */
@ApplicationScoped
public class IpamReconciler {

    private static final Logger LOG = Logger.getLogger(IpamReconciler.class);

    private final RemoteCacheManager grid;
    private final Ipam ipam;
    private final NetworkConfig config;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    IpamReconciler(RemoteCacheManager grid, Ipam ipam, NetworkConfig config, ObjectMapper json) {
        this.grid = grid;
        this.ipam = ipam;
        this.config = config;
        this.json = json;
    }

    private String uidOf(String pod) {
        try {
            return json.readTree(pod).path("metadata").path("uid").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the grid holds a pod that is not JSON", e);
        }
    }

    @Scheduled(every = "${kumos.network.reconcile-period:30s}", delay = 10,
            delayUnit = java.util.concurrent.TimeUnit.SECONDS,
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
        Set<String> livePods = new HashSet<>();
        for (GridObject pod : ProjectedObjects.live(grid, Set.of("core/pods"))) {
            livePods.add(uidOf(pod.json()));
        }
        RemoteCache<String, IpamLease> ledger = ipam.ledger();
        long now = clock.millis();
        int freed = 0;
        for (Map.Entry<String, IpamLease> entry : ledger.entrySet()) {
            String key = entry.getKey();
            IpamLease lease = entry.getValue();
            if (key.startsWith("pod/") && !livePods.contains(lease.holder())) {
                ipam.release(lease.holder());
                freed++;
            } else if (key.startsWith("ip/") && now - lease.atMillis() > config.orphanGrace().toMillis()) {
                IpamLease recorded = ledger.get("pod/" + lease.holder());
                if (recorded == null || !key.equals("ip/" + recorded.value())) {
                    ledger.remove(key, lease);
                    freed++;
                }
            }
        }
        if (freed > 0) {
            LOG.infof("IPAM reconciliation freed %d address(es) no live pod holds", freed);
        }
        return freed;
    }
}

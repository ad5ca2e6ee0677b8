package io.kumos.grid.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Ready while the grid answers a read of a cache, the kind of operation the service lives on.
 *
 * <p>It replaces the Infinispan client extension's own check, which lists the server's caches: that operation
 * belongs to no cache, and the Hot Rod client keeps sending it, for some twenty seconds, to a cluster member that
 * died (tried with {@code ./kumos up --grid-members 3}), while reads and writes of caches already go to the members
 * alive. The name stays the extension's, which the services' contract checks.
 *
 * <p>Threading: opening the cache may block (it creates it on first use), so that runs on a worker thread; the read
 * itself is asynchronous, bounded by {@link #TIMEOUT}.
 */
@Readiness
@ApplicationScoped
public class GridReadiness implements AsyncHealthCheck {

    static final String NAME = "Infinispan cluster connection health check";
    /** Never written: the read asks whether the grid answers, not what it holds. */
    static final String PROBE_KEY = "kumos-readiness-probe";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RemoteCacheManager grid;

    GridReadiness(RemoteCacheManager grid) {
        this.grid = grid;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> GridCaches.<String, Object>open(grid, GridCaches.COMPONENTS))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain((RemoteCache<String, Object> cache) -> Uni.createFrom()
                        .completionStage(() -> cache.containsKeyAsync(PROBE_KEY)))
                .ifNoItem().after(TIMEOUT).fail()
                .map(answered -> HealthCheckResponse.named(NAME).up().withData("servers", servers()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("servers", servers())
                        .withData("reason", "the grid does not answer a read of " + GridCaches.COMPONENTS + ": "
                                + failure)
                        .build());
    }

    private String servers() {
        return String.join(";", grid.getServers());
    }
}

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
 * <p>Threading: opening the cache may block (the client connects, and creates the cache on first use; a client that
 * cannot finish connecting waits up to two minutes before it gives up), so that runs on a worker thread, which also
 * reads the servers the client knows; the read itself is asynchronous, bounded by {@link #TIMEOUT}. The answer is
 * made on whichever thread the read or the timeout completes on, often an event loop: it must never touch the
 * client then, whose first use blocks every caller until it has connected (an api-gateway started against a grid
 * that did not answer its handshake had both event loops blocked for minutes that way).
 */
@Readiness
@ApplicationScoped
public class GridReadiness implements AsyncHealthCheck {

    static final String NAME = "Infinispan cluster connection health check";
    /** Never written: the read asks whether the grid answers, not what it holds. */
    static final String PROBE_KEY = "kumos-readiness-probe";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RemoteCacheManager grid;
    /** The servers the client knew when a worker last opened the cache; none before it first could. */
    private volatile String servers = "";

    GridReadiness(RemoteCacheManager grid) {
        this.grid = grid;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::openOnWorker)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain((RemoteCache<String, Object> cache) -> Uni.createFrom()
                        .completionStage(() -> cache.containsKeyAsync(PROBE_KEY)))
                .ifNoItem().after(TIMEOUT).fail()
                .map(answered -> HealthCheckResponse.named(NAME).up().withData("servers", servers).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("servers", servers)
                        .withData("reason", "the grid does not answer a read of " + GridCaches.COMPONENTS + ": "
                                + failure)
                        .build());
    }

    private RemoteCache<String, Object> openOnWorker() {
        RemoteCache<String, Object> cache = GridCaches.open(grid, GridCaches.COMPONENTS);
        servers = String.join(";", grid.getServers());
        return cache;
    }
}

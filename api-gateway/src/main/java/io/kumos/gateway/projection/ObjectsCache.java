package io.kumos.gateway.projection;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The grid's {@code kumos-objects} cache for code on an event loop: opening a cache blocks (the first time it
 * may create it on the server), so it is opened once on a worker thread; its async operations never block.
 */
@ApplicationScoped
public class ObjectsCache {

    private final RemoteCacheManager grid;
    private final AtomicReference<RemoteCache<String, GridObject>> cache = new AtomicReference<>();

    ObjectsCache(RemoteCacheManager grid) {
        this.grid = grid;
    }

    public Uni<RemoteCache<String, GridObject>> get() {
        RemoteCache<String, GridObject> opened = cache.get();
        if (opened != null) {
            return Uni.createFrom().item(opened);
        }
        return Uni.createFrom().item(() -> GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(cache::set);
    }
}

package io.kumos.gateway.projection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;

import io.kumos.gateway.store.ChangeEvent;
import io.kumos.grid.objects.GridObject;
import io.smallrye.mutiny.Uni;

/**
 * Writes changes of the record into the grid's {@code kumos-objects} cache, idempotently by revision: an entry
 * is replaced only by a higher revision (versioned conditional writes, retried when another writer got there
 * first), and a deletion leaves a tombstone for {@link #TOMBSTONE_LIFESPAN}. Non-blocking: Hot Rod's async API.
 */
@ApplicationScoped
public class GridProjection {

    static final Duration TOMBSTONE_LIFESPAN = Duration.ofMinutes(10);
    private static final int MAX_ATTEMPTS = 10;

    private final ObjectsCache objects;

    GridProjection(ObjectsCache objects) {
        this.objects = objects;
    }

    /** Projects one change; completes when the grid holds it or a higher revision of the same object. */
    public Uni<Void> apply(ChangeEvent change) {
        boolean deleted = "DELETED".equals(change.type());
        GridObject next = new GridObject(change.key().resource(), change.key().namespace(), change.key().name(),
                change.revision(), deleted, change.body());
        return write(next, 1);
    }

    private Uni<Void> write(GridObject next, int attempt) {
        return objects.get().chain(cache -> write(cache, next, attempt));
    }

    private Uni<Void> write(RemoteCache<String, GridObject> cache, GridObject next, int attempt) {
        long lifespan = next.deleted() ? TOMBSTONE_LIFESPAN.toSeconds() : -1;
        return Uni.createFrom().completionStage(() -> cache.getWithMetadataAsync(next.key()))
                .chain(current -> {
                    if (current == null) {
                        return Uni.createFrom().completionStage(() -> cache.putIfAbsentAsync(next.key(), next,
                                lifespan, TimeUnit.SECONDS)).map(previous -> previous == null);
                    }
                    if (current.getValue().revision() >= next.revision()) {
                        return Uni.createFrom().item(true);
                    }
                    return replace(cache, current, next, lifespan);
                })
                .chain(written -> {
                    if (written) {
                        return Uni.createFrom().voidItem();
                    }
                    if (attempt >= MAX_ATTEMPTS) {
                        return Uni.createFrom().failure(new IllegalStateException("could not project " + next.key()
                                + " at revision " + next.revision() + " after " + attempt + " attempts"));
                    }
                    return write(cache, next, attempt + 1);
                });
    }

    private static Uni<Boolean> replace(RemoteCache<String, GridObject> cache, MetadataValue<GridObject> current,
            GridObject next, long lifespan) {
        return Uni.createFrom().completionStage(() -> cache.replaceWithVersionAsync(next.key(), next,
                current.getVersion(), lifespan, TimeUnit.SECONDS, -1, TimeUnit.SECONDS));
    }
}

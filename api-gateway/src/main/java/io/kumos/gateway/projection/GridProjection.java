package io.kumos.gateway.projection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.Flag;
import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.store.ChangeEvent;
import io.kumos.grid.objects.GridObject;
import io.smallrye.mutiny.Multi;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import io.smallrye.mutiny.Uni;

/**
 * Writes changes of the record into the grid's {@code kumos-objects} cache, idempotently by revision: an entry
 * is replaced only by a higher revision (versioned conditional writes, retried when another writer got there
 * first), and a deletion leaves a tombstone for {@link #TOMBSTONE_LIFESPAN}. The projection never goes backwards,
 * even after a tombstone expired: a change for an object the grid does not hold is written only if it is newer
 * than the projection's marker, since every change up to the marker's revision has been projected, so an object
 * missing below it was deleted since. A pod's entry names its node ({@link GridObject#node()}), and a Node's entry
 * itself, so that the grid can tell each node agent of its own pods and its own Node only. Non-blocking: Hot Rod's
 * async API.
 */
@ApplicationScoped
public class GridProjection {

    static final Duration TOMBSTONE_LIFESPAN = Duration.ofMinutes(10);
    private static final int MAX_ATTEMPTS = 10;

    private static final String PODS = "core/pods";
    private static final String NODES = "core/nodes";

    private final ObjectsCache objects;
    private final ObjectMapper json;

    GridProjection(ObjectsCache objects, ObjectMapper json) {
        this.objects = objects;
        this.json = json;
    }

    /**
     * Projects one change; completes when the grid holds it or a higher revision of the same object.
     *
     * @param marker the revision of the projection's marker when the caller read it: every change up to it is
     *               in the grid already ({@code 0} while it is being rebuilt)
     */
    public Uni<Void> apply(ChangeEvent change, long marker) {
        boolean deleted = "DELETED".equals(change.type());
        String node = switch (change.key().resource()) {
            case PODS -> change.object(json).path("spec").path("nodeName").asText("");
            case NODES -> change.key().name();
            default -> "";
        };
        GridObject next = new GridObject(change.key().resource(), change.key().namespace(), change.key().name(),
                change.revision(), deleted, change.body(), node);
        boolean created = "ADDED".equals(change.type()) && next.revision() > marker;
        return objects.get().chain(cache -> created ? create(cache, next, marker) : write(cache, next, marker, 1));
    }

    /**
     * A new object: most often the grid holds nothing under its key, so one put-if-absent does (a creation is
     * newer than the marker, so nothing deleted can come back this way). Anything there already (a tombstone of
     * an earlier object of that name, or what a rebuild wrote) is weighed by revision as any other change is.
     */
    private Uni<Void> create(RemoteCache<String, GridObject> cache, GridObject next, long marker) {
        return putIfAbsent(cache, next, -1)
                .chain(previous -> previous == null ? Uni.createFrom().voidItem() : write(cache, next, marker, 1));
    }

    /** The entry that was there, or null if {@code next} was written: only asked for, Hot Rod answers null. */
    private static Uni<GridObject> putIfAbsent(RemoteCache<String, GridObject> cache, GridObject next,
            long lifespan) {
        return Uni.createFrom().completionStage(() -> cache.withFlags(Flag.FORCE_RETURN_VALUE)
                .putIfAbsentAsync(next.key(), next, lifespan, TimeUnit.SECONDS));
    }

    /** The revision the marker carries, or empty while the grid holds no complete projection. */
    public Uni<MetadataValue<GridObject>> marker() {
        return objects.get().chain(cache -> Uni.createFrom()
                .completionStage(() -> cache.getWithMetadataAsync(GridObject.PROJECTION_MARKER)));
    }

    /**
     * Moves the marker up to {@code revision} (never down), in its epoch: the grid holds every change up to it.
     * Written unconditionally after a rebuild ({@code rebuilt}), when the marker may be missing; a missing marker
     * is written anew, of a new epoch, as the grid lost the projection it had.
     */
    public Uni<Void> advanceMarker(long revision, boolean rebuilt) {
        String key = GridObject.PROJECTION_MARKER;
        return objects.get().chain(cache -> marker().chain(current -> {
            if (current == null) {
                return rebuilt ? Uni.createFrom().completionStage(() -> cache.putIfAbsentAsync(key,
                        GridObject.marker(revision))).replaceWithVoid() : Uni.createFrom().voidItem();
            }
            if (current.getValue().revision() >= revision) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().completionStage(() -> cache.replaceWithVersionAsync(key,
                    current.getValue().advancedTo(revision), current.getVersion())).replaceWithVoid();
        }));
    }

    /** Every entry the grid holds, tombstones and the marker included. */
    public Multi<GridObject> entries() {
        return objects.get().onItem().transformToMulti(cache -> Multi.createFrom()
                .publisher(AdaptersToFlow.publisher(cache.<GridObject>publishEntries(null, null, null, 1000))))
                .map(Map.Entry::getValue);
    }

    private Uni<Void> write(RemoteCache<String, GridObject> cache, GridObject next, long marker, int attempt) {
        long lifespan = next.deleted() ? TOMBSTONE_LIFESPAN.toSeconds() : -1;
        return Uni.createFrom().completionStage(() -> cache.getWithMetadataAsync(next.key()))
                .chain(current -> {
                    if (current == null) {
                        if (next.revision() <= marker) {
                            return Uni.createFrom().item(true);
                        }
                        return putIfAbsent(cache, next, lifespan).map(previous -> previous == null);
                    }
                    // The same revision is written again only if the entry lacks its node (projected before
                    // entries named it), which a rebuild thus mends.
                    if (current.getValue().revision() > next.revision() || current.getValue().revision()
                            == next.revision() && next.node().equals(current.getValue().node())) {
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
                    return write(cache, next, marker, attempt + 1);
                });
    }

    private static Uni<Boolean> replace(RemoteCache<String, GridObject> cache, MetadataValue<GridObject> current,
            GridObject next, long lifespan) {
        return Uni.createFrom().completionStage(() -> cache.replaceWithVersionAsync(next.key(), next,
                current.getVersion(), lifespan, TimeUnit.SECONDS, -1, TimeUnit.SECONDS));
    }
}

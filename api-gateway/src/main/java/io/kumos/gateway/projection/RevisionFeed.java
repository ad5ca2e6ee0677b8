package io.kumos.gateway.projection;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kumos.gateway.store.ChangeEvent;
import io.kumos.gateway.store.ObjectRecord;
import io.kumos.gateway.store.RecordContexts;
import io.kumos.gateway.watch.WatchHub;
import io.kumos.grid.objects.GridObject;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Follows the record's revision log: hands every committed change to the watchers ({@link WatchHub}) and keeps
 * the grid's projection of the record current. On start, and whenever the grid lost it (its marker entry is
 * gone: the grid restarted), it projects every current object; then, each tick, it reads the revision log past
 * the last projected revision and applies those changes in order. Revisions commit in order and without gaps,
 * so "past the last projected revision" misses nothing.
 *
 * <p>Ticks run on a Vert.x context and never overlap; a failed tick (grid or database down) is logged once and
 * followed by a rebuild when things answer again. Polling every {@code kumos.projection.period} costs one
 * indexed read per tick; LISTEN/NOTIFY can replace it without changing anything else.
 */
@ApplicationScoped
public class RevisionFeed {

    private static final Logger LOG = Logger.getLogger(RevisionFeed.class);
    private static final int BATCH = 500;

    private final ObjectRecord record;
    private final GridProjection projection;
    private final ObjectsCache objects;
    private final WatchHub watchers;
    private final Vertx vertx;
    private final long periodMillis;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile long projected = -1;
    private volatile long published = -1;
    private volatile boolean healthy = true;
    private long timer = -1;

    RevisionFeed(ObjectRecord record, GridProjection projection, ObjectsCache objects, WatchHub watchers,
            Vertx vertx,
            @ConfigProperty(name = "kumos.projection.period-millis", defaultValue = "100") long periodMillis) {
        this.record = record;
        this.projection = projection;
        this.objects = objects;
        this.watchers = watchers;
        this.vertx = vertx;
        this.periodMillis = periodMillis;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(periodMillis, id -> tick());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        Context context = RecordContexts.fresh(vertx);
        context.runOnContext(ignored -> step(task -> context.runOnContext(again -> task.run())).subscribe().with(
                done -> ticking.set(false),
                failure -> {
                    ticking.set(false);
                    projected = -1;
                    if (healthy) {
                        healthy = false;
                        LOG.warnf("Projecting the record into the grid failed (%s); the grid's kumos-objects is "
                                + "stale until the grid and the database answer again, then it is rebuilt. "
                                + "Check './kumos status'.", failure.getMessage());
                    }
                }));
    }

    /**
     * One tick. Grid calls complete on Hot Rod's threads, so the database calls after them are brought back onto
     * the tick's context ({@code onContext}), where Hibernate Reactive keeps its session.
     */
    private Uni<Void> step(Executor onContext) {
        long from = published;
        return publish().chain(changes -> markerPresent().emitOn(onContext)
                        .chain(present -> present && projected >= 0 ? catchUp(from, changes) : rebuild()))
                .invoke(() -> {
                    if (!healthy) {
                        healthy = true;
                        LOG.infof("Grid projection current again at revision %d", projected);
                    }
                });
    }

    /**
     * Hands the changes past the last published revision to the watchers, and returns them. It needs only the
     * database, so watches keep flowing while the grid is away.
     */
    private Uni<List<ChangeEvent>> publish() {
        if (published < 0) {
            return record.currentRevision().invoke(current -> published = current).map(current -> List.of());
        }
        return record.changesSince(published, BATCH).invoke(changes -> {
            if (!changes.isEmpty()) {
                watchers.publish(changes);
                published = changes.get(changes.size() - 1).revision();
            }
        });
    }

    /**
     * Projects the changes past the last projected revision. In the usual tick the projection is where the
     * watchers were, so the changes just published ({@code read}, read from {@code readFrom}) are those; only a
     * projection that fell behind reads the log again.
     */
    private Uni<Void> catchUp(long readFrom, List<ChangeEvent> read) {
        Uni<List<ChangeEvent>> changes = projected == readFrom ? Uni.createFrom().item(read)
                : record.changesSince(projected, BATCH);
        return changes.chain(batch -> apply(batch).invoke(() -> {
            if (!batch.isEmpty()) {
                projected = batch.get(batch.size() - 1).revision();
            }
        }));
    }

    /** Projects every current object, then records the snapshot's revision in the marker. */
    private Uni<Void> rebuild() {
        return record.snapshot().chain(snapshot -> apply(snapshot.objects().stream()
                        .map(stored -> new ChangeEvent(stored.revision(), "ADDED", stored.key(), stored.body()))
                        .toList())
                .chain(objects::get)
                .chain(cache -> Uni.createFrom().completionStage(() -> cache.putAsync(GridObject.PROJECTION_MARKER,
                        GridObject.marker(snapshot.revision()))))
                .invoke(() -> {
                    projected = snapshot.revision();
                    LOG.infof("Projected %d objects of the record into the grid at revision %d",
                            snapshot.objects().size(), snapshot.revision());
                })
                .replaceWithVoid());
    }

    private Uni<Void> apply(List<ChangeEvent> changes) {
        return Multi.createFrom().iterable(changes).onItem().transformToUniAndConcatenate(projection::apply)
                .collect().last().replaceWithVoid();
    }

    private Uni<Boolean> markerPresent() {
        return objects.get().chain(cache -> Uni.createFrom()
                .completionStage(() -> cache.containsKeyAsync(GridObject.PROJECTION_MARKER)));
    }
}

package io.kumos.gateway.projection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kumos.gateway.store.ChangeEvent;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.gateway.store.ObjectList;
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
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Follows the record's revision log: hands every committed change to the watchers ({@link WatchHub}), in
 * revision order and once, and keeps the grid's projection of the record current.
 *
 * <p>Changes this gateway commits are handed over the moment they commit ({@link ObjectRecord#onCommitted}); the
 * changes of other gateways are read from the log on a tick: at once when PostgreSQL notifies a commit on
 * {@link ObjectRecord#CHANNEL} (LISTEN, on a connection of its own that reconnects), and every
 * {@code kumos.projection.period-millis} in case a notification was missed. Revisions commit in order and without gaps, so a change is published only right after its
 * predecessor, and "past the last published revision" misses nothing.
 *
 * <p>The projection follows the published changes (the newest of each object, written in parallel), or the log
 * when it fell behind them. On start, and whenever the grid lost it (the marker entry is gone: the grid restarted)
 * or a tick failed, it is rebuilt: every current object of a snapshot is written, and every object the grid holds
 * that the snapshot does not is replaced by a tombstone, so nothing deleted meanwhile comes back.
 *
 * <p>Ticks run on a Vert.x context and never overlap; a failed tick (grid or database down) is logged once and
 * followed by a rebuild when things answer again.
 */
@ApplicationScoped
public class RevisionFeed {

    private static final Logger LOG = Logger.getLogger(RevisionFeed.class);
    private static final int BATCH = 2000;
    /** Published changes kept for the projection; past this it reads the log instead. */
    private static final int PENDING_LIMIT = 20_000;
    private static final int PARALLEL_WRITES = 64;
    private static final long LISTEN_RETRY_MILLIS = 1000;
    private static final long MARKER_PERIOD_NANOS = 1_000_000_000L;

    private final ObjectRecord record;
    private final GridProjection projection;
    private final WatchHub watchers;
    private final Vertx vertx;
    private final long periodMillis;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Published, not yet projected changes, in revision order; guarded by {@code this}. */
    private final ArrayDeque<ChangeEvent> unprojected = new ArrayDeque<>();
    private long published = -1;
    private volatile long projected = -1;
    private volatile boolean healthy = true;
    /** When the marker was last moved up; touched by ticks only, which never overlap. */
    private long markerAdvanced = System.nanoTime();
    private long timer = -1;
    private final PgSubscriber commits;

    RevisionFeed(ObjectRecord record, GridProjection projection, WatchHub watchers, Vertx vertx,
            @ConfigProperty(name = "kumos.projection.period-millis", defaultValue = "100") long periodMillis,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String databaseUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String databaseUser,
            @ConfigProperty(name = "quarkus.datasource.password") String databasePassword) {
        this.record = record;
        this.projection = projection;
        this.watchers = watchers;
        this.vertx = vertx;
        this.periodMillis = periodMillis;
        this.commits = PgSubscriber.subscriber(vertx, PgConnectOptions.fromUri(databaseUrl)
                .setUser(databaseUser).setPassword(databasePassword));
    }

    void onStart(@Observes StartupEvent event) {
        record.onCommitted(this::committed);
        timer = vertx.setPeriodic(periodMillis, id -> tick());
        commits.reconnectPolicy(retries -> LISTEN_RETRY_MILLIS);
        commits.channel(ObjectRecord.CHANNEL).handler(revision -> tick());
        commits.connect(connected -> {
            if (connected.failed()) {
                LOG.warnf("Cannot listen to the record's commits (%s); the changes of other api-gateways reach "
                        + "this one's watchers within %d ms instead of at once", connected.cause().getMessage(),
                        periodMillis);
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        commits.close();
    }

    /** Changes this gateway just committed: published now if they follow the last one, then projected. */
    private void committed(List<ChangeEvent> changes) {
        publish(changes);
        tick();
    }

    /**
     * Hands changes to the watchers if they continue the published sequence (those already published are
     * skipped); returns false for a sequence that does not, which the next read of the log fills in.
     */
    private synchronized boolean publish(List<ChangeEvent> changes) {
        List<ChangeEvent> fresh = changes.stream().filter(change -> change.revision() > published).toList();
        if (fresh.isEmpty()) {
            return true;
        }
        if (published < 0 || fresh.get(0).revision() != published + 1) {
            return false;
        }
        watchers.publish(fresh);
        published = fresh.get(fresh.size() - 1).revision();
        if (unprojected.size() + fresh.size() <= PENDING_LIMIT) {
            unprojected.addAll(fresh);
        } else {
            unprojected.clear(); // the projection reads the log for what it has not got
        }
        return true;
    }

    private synchronized long published() {
        return published;
    }

    private synchronized void startPublishingAfter(long revision) {
        if (published < 0) {
            published = revision;
        }
    }

    /** The published changes past {@code revision}, if they follow it without a gap; else none. */
    private synchronized List<ChangeEvent> unprojectedAfter(long revision) {
        while (!unprojected.isEmpty() && unprojected.peekFirst().revision() <= revision) {
            unprojected.pollFirst();
        }
        if (unprojected.isEmpty() || unprojected.peekFirst().revision() != revision + 1) {
            return List.of();
        }
        List<ChangeEvent> changes = new ArrayList<>(Math.min(unprojected.size(), BATCH));
        for (ChangeEvent change : unprojected) {
            if (changes.size() == BATCH) {
                break;
            }
            changes.add(change);
        }
        return changes;
    }

    private void tick() {
        if (!ticking.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Context context = RecordContexts.fresh(vertx);
        context.runOnContext(ignored -> step(task -> context.runOnContext(next -> task.run())).subscribe().with(
                more -> {
                    ticking.set(false);
                    if (more || again.get()) {
                        tick();
                    }
                },
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
     * One tick: reads the log past the last published revision (the changes of other gateways), then moves the
     * projection on. Grid calls complete on Hot Rod's threads, so the work after them is brought back onto the
     * tick's context ({@code onContext}). Says whether there is more to do at once.
     */
    private Uni<Boolean> step(Executor onContext) {
        return readLog().chain(full -> projection.marker().emitOn(onContext).chain(marker -> {
            if (marker == null || projected < 0) {
                return rebuild(onContext).replaceWith(true);
            }
            return catchUp(marker.getValue().revision(), onContext)
                    .map(behind -> full || behind);
        })).invoke(() -> {
            if (!healthy) {
                healthy = true;
                LOG.infof("Grid projection current again at revision %d", projected);
            }
        });
    }

    /** Publishes what the log holds past the last published revision; true if it read a full batch. */
    private Uni<Boolean> readLog() {
        long from = published();
        if (from < 0) {
            return record.currentRevision().invoke(this::startPublishingAfter).replaceWith(false);
        }
        return record.changesSince(from, BATCH).map(changes -> {
            publish(changes);
            return changes.size() == BATCH;
        });
    }

    /** Projects the changes past the last projected revision; true if some remain for the next step. */
    private Uni<Boolean> catchUp(long marker, Executor onContext) {
        long from = projected;
        if (from >= published()) {
            // Caught up: the marker still moves up to what was projected, once it is due.
            return marker < from && markerDue() ? projection.advanceMarker(from, false).emitOn(onContext)
                    .replaceWith(false) : Uni.createFrom().item(false);
        }
        List<ChangeEvent> pending = unprojectedAfter(from);
        Uni<List<ChangeEvent>> changes = pending.isEmpty() ? record.changesSince(from, BATCH)
                : Uni.createFrom().item(pending);
        return changes.chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            long last = batch.get(batch.size() - 1).revision();
            return apply(newestOfEach(batch), marker).emitOn(onContext)
                    .invoke(() -> projected = last)
                    .call(() -> markerDue() ? projection.advanceMarker(last, false).emitOn(onContext)
                            : Uni.createFrom().voidItem())
                    .map(ignored -> last < published());
        });
    }

    /**
     * Whether to move the marker up now: at most every {@link #MARKER_PERIOD_NANOS}, which is plenty, as the marker
     * only has to be newer than a tombstone's lifespan to keep an old change from bringing an object back.
     */
    private boolean markerDue() {
        long now = System.nanoTime();
        if (now - markerAdvanced < MARKER_PERIOD_NANOS) {
            return false;
        }
        markerAdvanced = now;
        return true;
    }

    /**
     * Projects every current object of a snapshot, then lays a tombstone over every object the grid holds that
     * the snapshot does not (deleted while the grid was not followed), then marks the projection complete.
     */
    private Uni<Void> rebuild(Executor onContext) {
        return record.snapshot().chain(snapshot -> apply(snapshot.objects().stream()
                        .map(stored -> new ChangeEvent(stored.revision(), "ADDED", stored.key(), stored.body()))
                        .toList(), 0)
                .chain(() -> buryGhosts(snapshot))
                .emitOn(onContext)
                .call(buried -> projection.advanceMarker(snapshot.revision(), true).emitOn(onContext))
                .invoke(buried -> {
                    projected = snapshot.revision();
                    LOG.infof("Projected %d objects of the record into the grid at revision %d%s",
                            snapshot.objects().size(), snapshot.revision(),
                            buried == 0 ? "" : "; " + buried + " objects deleted meanwhile were removed");
                })
                .replaceWithVoid());
    }

    /** Tombstones, at the snapshot's revision, the live grid entries of objects the snapshot does not hold. */
    private Uni<Integer> buryGhosts(ObjectList snapshot) {
        Set<String> live = new HashSet<>();
        snapshot.objects().forEach(stored -> live.add(key(stored.key())));
        return projection.entries()
                .filter(entry -> !entry.deleted() && !entry.isProjectionMarker()
                        && entry.revision() < snapshot.revision() && !live.contains(entry.key()))
                .map(entry -> new ChangeEvent(snapshot.revision(), "DELETED",
                        new ObjectKey(entry.resource(), entry.namespace(), entry.name()), entry.json()))
                .collect().asList()
                .call(ghosts -> apply(ghosts, 0))
                .map(List::size);
    }

    private Uni<Void> apply(List<ChangeEvent> changes, long marker) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(changes)
                .onItem().transformToUni(change -> projection.apply(change, marker)).merge(PARALLEL_WRITES)
                .collect().last().replaceWithVoid();
    }

    /** The newest change of each object: projecting only it is enough, as the grid keeps the newest revision. */
    private static List<ChangeEvent> newestOfEach(List<ChangeEvent> changes) {
        Map<ObjectKey, ChangeEvent> newest = new LinkedHashMap<>();
        changes.forEach(change -> newest.put(change.key(), change));
        return new ArrayList<>(newest.values());
    }

    private static String key(ObjectKey key) {
        return GridObject.key(key.resource(), key.namespace(), key.name());
    }
}

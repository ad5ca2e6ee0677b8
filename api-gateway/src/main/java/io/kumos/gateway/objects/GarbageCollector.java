package io.kumos.gateway.objects;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.gateway.store.ObjectRecord;
import io.kumos.gateway.store.RecordTimer;
import io.kumos.gateway.store.StoredObject;
import io.kumos.grid.problems.OncePerObject;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * What kube-controller-manager's garbage collector and namespace controller do, driven by the record, so that a
 * crash at any moment leaves nothing undone (the next sweep finds it again):
 * <ul>
 * <li>objects whose owners (ownerReferences) are all gone are deleted (Background propagation);</li>
 * <li>an owner deleted with Foreground propagation ({@code foregroundDeletion}) goes once its dependents are
 * gone; one deleted with Orphan propagation ({@code orphan}) first has its dependents' references to it
 * removed;</li>
 * <li>a Terminating namespace is emptied, then removed.</li>
 * </ul>
 * Every change goes through {@link ObjectService}, so it is validated, logged and watched like any other. Every
 * step decided from what a sweep read is conditional on the object it read: an orphan is deleted only if it is
 * still the same object (uid) unchanged since (resourceVersion), a dependent only if it is the same object, and a
 * finalizer is only taken off the object whose dependents were counted. Several gateways may sweep at once: a step
 * another one did first, or one whose object changed meanwhile, fails with NotFound or Conflict, which is no
 * failure (the next sweep decides again). Any other failure of a step is told as a warning, once per object and
 * reason; the other steps go on, and the sweep runs again the next period.
 */
@ApplicationScoped
public class GarbageCollector {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    private static final int BATCH = 200;
    private static final String FOREGROUND = "foregroundDeletion";
    private static final String ORPHAN = "orphan";
    private static final String MANAGER = "kumos-garbage-collector";
    /** The sweep itself, as {@link #told} names it. */
    private static final String SWEEP = "the garbage collection sweep";

    private final ObjectRecord record;
    private final ObjectService objects;
    private final ResourceCatalog catalog;
    private final RecordTimer timer;
    private final Duration period;
    private final OncePerObject told = new OncePerObject(LOG);
    private final AtomicInteger failedSteps = new AtomicInteger();
    private long swept = -1;

    GarbageCollector(ObjectRecord record, ObjectService objects, ResourceCatalog catalog, Vertx vertx,
            @ConfigProperty(name = "kumos.gc.period", defaultValue = "1s") Duration period) {
        this.record = record;
        this.objects = objects;
        this.catalog = catalog;
        this.timer = new RecordTimer(vertx);
        this.period = period;
    }

    void onStart(@Observes StartupEvent event) {
        timer.start(period, () -> record.currentRevision().chain(revision -> revision == swept
                        ? Uni.createFrom().voidItem() : sweep().invoke(() -> {
                            swept = revision;
                            told.recovered(SWEEP, "Garbage collection sweeps again");
                        })),
                failure -> told.warn(SWEEP, String.valueOf(failure.getMessage()), "Garbage collection sweep failed ("
                        + failure.getMessage() + "); it runs again every " + period + ". Is PostgreSQL up? Check "
                        + "'./kumos status'."));
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    /**
     * One pass: the terminating objects first, then the orphans. Fails when a step failed for another reason than
     * a stale view (after all the other steps were done), so that the next period sweeps again.
     */
    Uni<Void> sweep() {
        failedSteps.set(0);
        return record.terminating()
                .chain(terminating -> each(terminating, StoredObject::key, this::finish))
                .chain(() -> record.orphans(BATCH))
                .chain(orphans -> each(orphans, StoredObject::key, orphan -> type(orphan)
                        .map(type -> objects.delete(type, orphan.key().namespace(), orphan.key().name(),
                                unchanged(orphan)).replaceWithVoid())
                        .orElse(Uni.createFrom().voidItem())))
                .invoke(() -> {
                    if (failedSteps.get() > 0) {
                        throw new IllegalStateException(failedSteps.get() + " step(s) failed, each told above");
                    }
                });
    }

    /** Deletes only the object that was read, as it was read: its uid and resourceVersion are preconditions. */
    static DeleteOptions unchanged(StoredObject object) {
        return new DeleteOptions(Optional.empty(), "Background", Optional.of(object.uid().toString()),
                Optional.of(Long.toString(object.revision())));
    }

    /** Deletes a dependent with Foreground propagation, only if it is still the object that was read (its uid). */
    static DeleteOptions foregroundOf(StoredObject dependent) {
        return new DeleteOptions(Optional.empty(), "Foreground", Optional.of(dependent.uid().toString()),
                Optional.empty());
    }

    private Uni<Void> finish(StoredObject object) {
        Optional<ResourceType> found = type(object);
        if (found.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ResourceType type = found.get();
        JsonNode body = objects.parse(object.body());
        if ("Namespace".equals(type.kind())) {
            return emptyNamespace(object.key().name());
        }
        List<String> finalizers = ObjectService.finalizers(body.path("metadata"));
        if (finalizers.contains(ORPHAN)) {
            // Strictly: a dependent whose reference could not be removed keeps the finalizer on, or it would be
            // taken for an orphan and deleted.
            return record.dependentsOf(object.uid())
                    .chain(dependents -> Multi.createFrom().iterable(dependents)
                            .onItem().transformToUniAndConcatenate(dependent -> release(dependent, object)
                                    .onFailure(GarbageCollector::alreadyDone).recoverWithNull())
                            .collect().last())
                    .chain(() -> removeFinalizer(type, object, ORPHAN));
        }
        if (finalizers.contains(FOREGROUND)) {
            return record.dependentsOf(object.uid()).chain(dependents -> dependents.isEmpty()
                    ? removeFinalizer(type, object, FOREGROUND)
                    : each(dependents, StoredObject::key, dependent -> type(dependent)
                            .map(t -> objects.delete(t, dependent.key().namespace(), dependent.key().name(),
                                    foregroundOf(dependent)).replaceWithVoid())
                            .orElse(Uni.createFrom().voidItem())));
        }
        return Uni.createFrom().voidItem();
    }

    /** Deletes what is in a Terminating namespace; once nothing is left, the namespace itself. */
    private Uni<Void> emptyNamespace(String namespace) {
        return record.resourcesIn(namespace).chain(keys -> {
            if (keys.isEmpty()) {
                return record.delete(new ObjectKey("core/namespaces", "", namespace), 0).replaceWithVoid();
            }
            return each(keys, key -> key, key -> catalog.stored(key.resource())
                    .map(type -> objects.delete(type, namespace, key.name(), DeleteOptions.DEFAULT).replaceWithVoid())
                    .orElse(Uni.createFrom().voidItem()));
        });
    }

    /** Removes the references to an owner deleted with Orphan propagation from one of its dependents. */
    private Uni<Void> release(StoredObject dependent, StoredObject owner) {
        return type(dependent).map(type -> objects.update(type, dependent.key().namespace(), dependent.key().name(),
                false, MANAGER, current -> {
                    Preconditions.uid(type.qualifiedPlural(), dependent.key().name(), dependent.uid().toString(),
                            Preconditions.uidOf(current));
                    ObjectNode metadata = ObjectRules.metadata(current);
                    metadata.remove("resourceVersion");
                    if (metadata.get("ownerReferences") instanceof ArrayNode references) {
                        for (int i = references.size() - 1; i >= 0; i--) {
                            if (owner.uid().toString().equals(references.get(i).path("uid").asText())) {
                                references.remove(i);
                            }
                        }
                        if (references.isEmpty()) {
                            metadata.remove("ownerReferences");
                        }
                    }
                    return current;
                }).replaceWithVoid()).orElse(Uni.createFrom().voidItem());
    }

    private Uni<Void> removeFinalizer(ResourceType type, StoredObject object, String finalizer) {
        return objects.update(type, object.key().namespace(), object.key().name(), false, MANAGER, current -> {
            Preconditions.uid(type.qualifiedPlural(), object.key().name(), object.uid().toString(),
                    Preconditions.uidOf(current));
            ObjectNode metadata = ObjectRules.metadata(current);
            metadata.remove("resourceVersion");
            if (metadata.get("finalizers") instanceof ArrayNode list) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    if (finalizer.equals(list.get(i).asText())) {
                        list.remove(i);
                    }
                }
            }
            return current;
        }).replaceWithVoid();
    }

    /**
     * Runs the step for each, one after the other; a step someone else already did, or whose object changed since
     * it was read, is no failure. Any other failure is told (once per object and reason) and counted, and the next
     * item's step runs.
     */
    private <T> Uni<Void> each(List<T> items, Function<T, ObjectKey> key, Function<T, Uni<Void>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> Uni.createFrom().deferred(() -> step.apply(item))
                        .invoke(() -> told.recovered(key.apply(item).toString(), null))
                        .onFailure(GarbageCollector::alreadyDone).recoverWithNull()
                        .onFailure().recoverWithItem(failure -> {
                            failedSteps.incrementAndGet();
                            String object = key.apply(item).toString();
                            told.warn(object, String.valueOf(failure.getMessage()), "Garbage collection of "
                                    + object + " failed (" + failure.getMessage() + "); retried every sweep");
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    private static boolean alreadyDone(Throwable failure) {
        return failure instanceof ApiException api && (api.status().getCode() == 404 || api.status().getCode() == 409)
                || failure instanceof io.kumos.gateway.store.RecordException;
    }

    private Optional<ResourceType> type(StoredObject object) {
        return catalog.stored(object.key().resource());
    }
}

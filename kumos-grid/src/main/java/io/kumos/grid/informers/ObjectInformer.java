package io.kumos.grid.informers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.marshall.MarshallerUtil;
import org.infinispan.commons.util.CloseableIterator;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ProjectedObjects;

/**
 * A shared informer, as client-go's: a local, indexed copy ({@link ObjectStore}) of a selection of the grid's
 * projected API objects ({@link InformerSelection}), filled by one listing and then kept current by the grid's
 * change events, which carry the objects and their revisions, so nothing is read again; and handlers told of every
 * change ({@link ObjectEventHandler}).
 *
 * <p><b>Sessions.</b> A session registers a new listener ({@link SelectionListener}) and then lists the selection,
 * so that no change falls between the two; the changes heard while listing are applied after it, by revision. The
 * informer is {@linkplain #isCurrent() current} once they are. A new session (a resync) starts when the listener's
 * connection fails over (the Hot Rod client says so, and changes may have been missed meanwhile), when the grid did
 * not answer the periodic check of its projection, or when the projection's epoch changed (the grid restarted and
 * the api-gateway rebuilt it: listeners do not survive that, and the client does not always notice). While the grid
 * does not answer, or has no complete projection, the informer is not current: the store keeps what it held, and
 * {@link #current()} refuses it, as an object missing from it proves nothing then.
 *
 * <p>Threading: everything that changes the store or the session runs on the informer's own thread, in order (the
 * listener's events, the checks, the sessions); handlers are called there. Readers may read from any thread.
 */
public final class ObjectInformer implements SelectionListener.Sink {

    private static final Logger LOG = Logger.getLogger(ObjectInformer.class);
    private static final int LIST_BATCH = 1000;
    /** How long a retired listener is looked for, to remove it if the Hot Rod client registered it again. */
    private static final long RETIRED_KEPT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final InformerSelection selection;
    private final RemoteCacheManager grid;
    private final ObjectStore store;
    private final Runnable checkSoon;
    private final List<ObjectEventHandler> handlers = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;

    /** The session's listener; written on the informer's thread. */
    private volatile SelectionListener listener;
    private volatile Status status = new Status(State.SYNCING, "not listed yet");
    private RemoteCache<String, GridObject> cache;
    private final List<Retired> retired = new ArrayList<>();
    private String syncedEpoch;
    /** Whether the next complete projection is to be listed again; guarded by {@code this} with {@link #status}. */
    private volatile boolean resyncNeeded = true;
    private boolean failing;

    private enum State {
        CURRENT, SYNCING, INCOMPLETE, UNAVAILABLE
    }

    private record Status(State state, String reason) {

        static final Status CURRENT = new Status(State.CURRENT, "current");

        boolean current() {
            return state == State.CURRENT;
        }
    }

    private record Retired(SelectionListener listener, long since) {
    }

    /**
     * @param checkSoon asks for a check of the projection soon (after a failover, to resync without waiting for the
     *                  period)
     */
    ObjectInformer(InformerSelection selection, RemoteCacheManager grid, ObjectMapper json, Runnable checkSoon) {
        this.selection = selection;
        this.grid = grid;
        this.store = ObjectStore.standard(json);
        this.checkSoon = checkSoon;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread named = new Thread(runnable, "informer " + selection);
            named.setDaemon(true);
            return named;
        });
    }

    public InformerSelection selection() {
        return selection;
    }

    /**
     * Adds a handler. As client-go's, it is first told of every object the store holds (as added), then of every
     * change from there, so that it misses nothing whenever it comes.
     */
    public void addHandler(ObjectEventHandler handler) {
        submit(() -> {
            store.list().forEach(object -> tell(handler, ObjectDelta.added(object)));
            handlers.add(handler);
        });
    }

    /** Whether the store holds the selection as the grid does now, give or take the changes on their way. */
    public boolean isCurrent() {
        return status.current();
    }

    /** The store, whatever it holds: for reads that may be stale, and for tests. */
    public ObjectStore store() {
        return store;
    }

    /**
     * The store, current.
     *
     * @throws GridUnavailableException if the grid did not answer the last check or a resync
     * @throws ProjectedObjects.IncompleteProjectionException if the grid has no complete projection, or the
     *         informer has not listed it (again) yet
     */
    public ObjectStore current() {
        Status now = status;
        return switch (now.state()) {
            case CURRENT -> store;
            case UNAVAILABLE -> throw new GridUnavailableException("informer " + selection + ": the grid does not "
                    + "answer (" + now.reason() + ")");
            default -> throw new ProjectedObjects.IncompleteProjectionException("informer " + selection + ": "
                    + now.reason());
        };
    }

    /** The result of a check of the projection; called on the checking thread. */
    void projection(ProjectionState state) {
        submit(() -> onProjection(state));
    }

    /**
     * Stops the thread, after what is queued; see {@link #awaitStopped}. The listener is left to the client: the
     * server forgets a client's listeners when its connections close, as they do when the client stops, and
     * removing it here would only wait for, and log, a grid that stopped first.
     */
    void stop() {
        submit(() -> {
            SelectionListener last = listener;
            if (last != null) {
                last.retire();
            }
        });
        thread.shutdown();
    }

    /** Waits until stopped, at most until {@code deadline} ({@link System#nanoTime}). */
    void awaitStopped(long deadline) throws InterruptedException {
        thread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void changed(SelectionListener from, GridChange change) {
        submit(() -> {
            if (from.retired()) {
                remove(from); // the Hot Rod client registered it again after a failover
            } else if (from == listener) {
                apply(change);
            }
        });
    }

    @Override
    public void failedOver(SelectionListener from) {
        synchronized (this) {
            if (from != listener) {
                return;
            }
            resyncNeeded("the connection to the grid failed over and changes may have been missed: listing again");
        }
        checkSoon.run();
    }

    /**
     * A server left the grid's cluster. The listener may have been registered on it, and the Hot Rod client, which
     * drops a server that the cluster's topology no longer lists without failing its listeners over, would leave it
     * silent: a new session, with its listing, is the one way to be sure. Called on the checking thread, before its
     * {@link #projection}, which then starts the session.
     */
    void serverLeft() {
        synchronized (this) {
            resyncNeeded("a server left the grid's cluster, maybe with the listener: listing again");
        }
    }

    /** Not current until a new session has listed; guarded by {@code this}. */
    private void resyncNeeded(String reason) {
        resyncNeeded = true;
        status = new Status(State.SYNCING, reason);
    }

    /**
     * Current, unless a failover came meanwhile; the handlers are told when it was not current before, so that a
     * reader it refused meanwhile reads again.
     */
    private void becomeCurrent(SelectionListener session) {
        if (markCurrent(session)) {
            for (ObjectEventHandler handler : handlers) {
                try {
                    handler.onCurrent();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Informer %s: a handler failed on becoming current", selection);
                }
            }
        }
    }

    /** Atomically with {@link #failedOver}; whether the informer became current by it. */
    private synchronized boolean markCurrent(SelectionListener session) {
        if (listener != session || resyncNeeded || status.current()) {
            return false;
        }
        status = Status.CURRENT;
        return true;
    }

    @Override
    public void undecodable(SelectionListener from, Exception cause) {
        LOG.warnf(cause, "Informer %s: a change from the grid could not be read; listing again", selection);
        submit(() -> {
            if (from == listener) {
                resyncNeeded = true;
                checkSoon.run();
            }
        });
    }

    private void onProjection(ProjectionState state) {
        removeRetired();
        if (state instanceof ProjectionState.Unreachable unreachable) {
            resyncNeeded = true;
            unavailable(unreachable.reason());
        } else if (state instanceof ProjectionState.Complete complete) {
            if (resyncNeeded || listener == null || !complete.epoch().equals(syncedEpoch)) {
                resync(complete.epoch());
            } else if (!status.current()) {
                becomeCurrent(listener);
            }
        } else {
            status = new Status(State.INCOMPLETE,
                    "the grid's projection of the API objects is incomplete (the api-gateway is rebuilding it)");
        }
    }

    /**
     * A new session: a new listener, then a listing that the store takes as it is. A failover of the new listener
     * while it is set up counts ({@link #failedOver} sees it as the session's).
     */
    private void resync(String epoch) {
        long started = System.nanoTime();
        retire(listener);
        SelectionListener next = new SelectionListener(MarshallerUtil.getSerializationContext(grid), this);
        synchronized (this) {
            listener = next;
            resyncNeeded = false;
            status = new Status(State.SYNCING, "listing");
        }
        try {
            cache().addClientListener(next, selection.filterParameters(), null);
            List<ObjectDelta> deltas = store.replace(list());
            syncedEpoch = epoch;
            deltas.forEach(this::dispatch);
            // Current once the changes heard while listing, queued behind this task, are applied too.
            submit(() -> becomeCurrent(next));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (failing) {
                failing = false;
                LOG.infof("Informer %s: listed %d objects again (%d changed) in %d ms; current again", selection,
                        store.size(), deltas.size(), millis);
            } else {
                LOG.debugf("Informer %s: listed %d objects in %d ms", selection, store.size(), millis);
            }
        } catch (RuntimeException e) {
            resyncNeeded = true;
            unavailable(String.valueOf(e.getMessage()));
        }
    }

    private List<GridObject> list() {
        RemoteCache<String, GridObject> cache = cache();
        List<GridObject> listed = new ArrayList<>();
        org.infinispan.commons.api.query.Query<GridObject> query = cache.query(selection.listQuery());
        selection.parameters().forEach(query::setParameter);
        try (CloseableIterator<Map.Entry<Object, Object>> entries = cache.retrieveEntriesByQuery(query, null,
                LIST_BATCH)) {
            entries.forEachRemaining(entry -> listed.add((GridObject) entry.getValue()));
        }
        return listed;
    }

    private void apply(GridChange change) {
        try {
            switch (change.type()) {
                case JOINING, UPDATED -> store.apply(change.value()).ifPresent(this::dispatch);
                case LEAVING -> store.left(change.key(), change.value()).ifPresent(this::dispatch);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Informer %s: could not take the change of %s; listing again", selection, change.key());
            resyncNeeded = true;
            checkSoon.run();
        }
    }

    private void dispatch(ObjectDelta delta) {
        handlers.forEach(handler -> tell(handler, delta));
    }

    private void tell(ObjectEventHandler handler, ObjectDelta delta) {
        try {
            handler.handle(delta);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Informer %s: a handler failed on a change", selection);
        }
    }

    private void unavailable(String reason) {
        status = new Status(State.UNAVAILABLE, reason);
        if (!failing) {
            failing = true;
            LOG.warnf("Informer %s: the grid does not answer (%s); what it holds is not current until the grid "
                    + "answers, and is listed again then. Is the Infinispan Server up? Check './kumos status'.",
                    selection, reason);
        }
    }

    /**
     * Stops a listener: its events are dropped, and it is removed from the grid, now and at each check for a while
     * (after a failover the Hot Rod client registers it again by itself once the grid answers), and whenever it is
     * heard from.
     */
    private void retire(SelectionListener old) {
        if (old == null) {
            return;
        }
        old.retire();
        retired.add(new Retired(old, System.nanoTime()));
        remove(old);
    }

    private void removeRetired() {
        long now = System.nanoTime();
        for (Iterator<Retired> it = retired.iterator(); it.hasNext();) {
            Retired old = it.next();
            remove(old.listener());
            if (now - old.since() > RETIRED_KEPT_NANOS) {
                it.remove();
            }
        }
    }

    /** Removes a listener from the grid, if the client has it registered (else nothing happens). */
    private void remove(SelectionListener old) {
        try {
            cache().removeClientListener(old);
        } catch (RuntimeException e) {
            LOG.debugf("Informer %s: removing a retired listener failed (%s); tried again later", selection,
                    e.getMessage());
        }
    }

    /** The cache, opened on first use (which blocks, and may create it on the server). */
    private RemoteCache<String, GridObject> cache() {
        if (cache == null) {
            cache = GridCaches.open(grid, GridCaches.OBJECTS);
        }
        return cache;
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopped) {
            LOG.debugf("Informer %s: stopped, a task is dropped", selection);
        }
    }

    @Override
    public String toString() {
        return "informer " + selection;
    }
}

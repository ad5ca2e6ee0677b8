package io.kumos.network.endpoints;

import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryModified;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryRemoved;
import org.infinispan.client.hotrod.annotation.ClientCacheFailover;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.event.ClientCacheEntryCreatedEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryModifiedEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryRemovedEvent;
import org.infinispan.client.hotrod.event.ClientCacheFailoverEvent;

import io.kumos.grid.objects.GridObject;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Hears the grid's projection change a pod or a Service (a readiness change, an address given, a deletion, a new
 * selector) and wakes the endpoints loop at once rather than at its next period: what makes Endpoints follow a
 * readiness change within a second. Only a hint: the events carry keys, the pass reads the objects. Changes of
 * Endpoints and slices (mostly the loop's own writes) do not wake it; the period repairs anyone else's.
 *
 * <p>Runs on the Hot Rod client's event thread: it only signals.
 */
@ClientListener
@RegisterForReflection
public final class ObjectChanges {

    private static final String PODS = "core/pods/";
    private static final String SERVICES = "core/services/";

    private final Runnable wake;

    ObjectChanges(Runnable wake) {
        this.wake = wake;
    }

    @ClientCacheEntryCreated
    public void created(ClientCacheEntryCreatedEvent<Object> event) {
        changed(event.getKey());
    }

    @ClientCacheEntryModified
    public void modified(ClientCacheEntryModifiedEvent<Object> event) {
        changed(event.getKey());
    }

    @ClientCacheEntryRemoved
    public void removed(ClientCacheEntryRemovedEvent<Object> event) {
        changed(event.getKey());
    }

    /** The client moved to another server and may have missed events meanwhile. */
    @ClientCacheFailover
    public void failover(ClientCacheFailoverEvent event) {
        wake.run();
    }

    /** Whether a change under this key may change some Service's endpoints; a key of unknown form may. */
    static boolean relevant(Object key) {
        return !(key instanceof String text) || text.startsWith(PODS) || text.startsWith(SERVICES)
                || text.equals(GridObject.PROJECTION_MARKER);
    }

    private void changed(Object key) {
        if (relevant(key)) {
            wake.run();
        }
    }
}

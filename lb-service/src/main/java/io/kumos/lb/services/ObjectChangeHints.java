package io.kumos.lb.services;

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
 * A Hot Rod client listener on the grid's projection of the API objects that turns a change of a Service, of an
 * Endpoints object or of the projection's marker into a request to read them again. Only a hint: the events carry
 * keys, the read gets the objects, so a lost or repeated event costs nothing but latency or a read.
 *
 * <p>The Hot Rod client calls it on its own threads; {@code onChange} must not block.
 */
@ClientListener
@RegisterForReflection
public final class ObjectChangeHints {

    private static final String SERVICES = "core/services/";
    private static final String ENDPOINTS = "core/endpoints/";

    private final Runnable onChange;

    public ObjectChangeHints(Runnable onChange) {
        this.onChange = onChange;
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
        onChange.run();
    }

    /** Whether a change of the object under this key may change the plan; a key of unknown form may. */
    static boolean relevant(Object key) {
        return !(key instanceof String text) || text.startsWith(SERVICES) || text.startsWith(ENDPOINTS)
                || text.equals(GridObject.PROJECTION_MARKER);
    }

    private void changed(Object key) {
        if (relevant(key)) {
            onChange.run();
        }
    }
}

package io.kumos.grid.objects;

import java.util.List;
import java.util.Set;

import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryModified;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryRemoved;
import org.infinispan.client.hotrod.annotation.ClientCacheFailover;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.event.ClientCacheEntryCreatedEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryModifiedEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryRemovedEvent;
import org.infinispan.client.hotrod.event.ClientCacheFailoverEvent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A Hot Rod client listener on the grid's projection of the API objects ({@code kumos-objects}) that turns a change
 * of an object of some resources, or of the projection's marker, into a wake-up of a loop that reads them again.
 * Only a hint: the events carry keys, the loop reads the objects, so a lost or repeated event costs nothing but
 * latency or a read; a key of unknown form, or a failover (events may have been missed), wakes it too.
 *
 * <p>The Hot Rod client calls it on its own threads: {@code wake} must only signal, never block.
 */
@ClientListener
@RegisterForReflection
public final class ObjectChanges {

    private final List<String> prefixes;
    private final Runnable wake;

    /**
     * @param resources the resources whose objects matter ({@code core/pods}, …)
     * @param wake      what to signal
     */
    public ObjectChanges(Set<String> resources, Runnable wake) {
        this.prefixes = resources.stream().map(resource -> resource + "/").toList();
        this.wake = wake;
    }

    @ClientCacheEntryCreated
    public void created(ClientCacheEntryCreatedEvent<Object> event) {
        changed(event.getKey());
    }

    /** A modified marker only moved up with the projection: nothing for a loop to read again. */
    @ClientCacheEntryModified
    public void modified(ClientCacheEntryModifiedEvent<Object> event) {
        if (!GridObject.PROJECTION_MARKER.equals(event.getKey())) {
            changed(event.getKey());
        }
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

    /** Whether a change under this key may matter; a key of unknown form may. */
    boolean relevant(Object key) {
        if (!(key instanceof String text)) {
            return true;
        }
        return text.equals(GridObject.PROJECTION_MARKER) || prefixes.stream().anyMatch(text::startsWith);
    }

    private void changed(Object key) {
        if (relevant(key)) {
            wake.run();
        }
    }
}

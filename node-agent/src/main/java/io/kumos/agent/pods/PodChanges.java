package io.kumos.agent.pods;

import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryModified;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.event.ClientCacheEntryCreatedEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryModifiedEvent;

/**
 * Hears the grid's projection change a pod (a binding, a deletion, a new spec) and wakes the sync loop at once,
 * instead of at its next period: the difference a user sees between {@code kubectl run} and a running container.
 * The events carry keys only; the loop reads what it needs. Runs on the Hot Rod client's event thread: it only
 * signals.
 */
@ClientListener
@io.quarkus.runtime.annotations.RegisterForReflection
public final class PodChanges {

    private static final String PODS = "core/pods/";

    private final Runnable wake;

    PodChanges(Runnable wake) {
        this.wake = wake;
    }

    @ClientCacheEntryCreated
    public void created(ClientCacheEntryCreatedEvent<String> event) {
        changed(event.getKey());
    }

    @ClientCacheEntryModified
    public void modified(ClientCacheEntryModifiedEvent<String> event) {
        changed(event.getKey());
    }

    private void changed(Object key) {
        if (key instanceof String name && name.startsWith(PODS)) {
            wake.run();
        }
    }
}

package io.kumos.gateway.watch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kumos.gateway.store.ChangeEvent;

/**
 * The open watches of this gateway. The revision feed publishes every committed change here, in revision order,
 * once; each watch filters what concerns it. Publishing never blocks: a watch writes to its own connection.
 */
@ApplicationScoped
public class WatchHub {

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private volatile long latest;

    void add(Watch watch) {
        watches.add(watch);
    }

    void remove(Watch watch) {
        watches.remove(watch);
    }

    /** The revision of the last change published: what a bookmark reports. */
    long latest() {
        return latest;
    }

    public void publish(List<ChangeEvent> changes) {
        for (ChangeEvent change : changes) {
            watches.forEach(watch -> watch.offer(change));
            latest = change.revision();
        }
    }
}

package io.kumos.grid.problems;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * Tells an operator about a failure once per object and reason, not on every pass: a write the api-gateway
 * refused, a bind that timed out, a sweep step that failed. The same object failing for the same reason stays
 * quiet; a new reason, or the same one after the object recovered, is told again. The objects are named as an
 * operator would look them up, kind and namespace/name ("pod default/web-1").
 *
 * <p>Remembers at most {@code capacity} objects (the ones told least recently are forgotten first, and told again
 * if they recur). Thread-safe: several worker threads of a service may share one.
 */
public final class OncePerObject {

    private final Logger log;
    private final Map<String, String> told;

    /** @param log the logger of the component that failed, so the line says who speaks */
    public OncePerObject(Logger log, int capacity) {
        this.log = log;
        this.told = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    public OncePerObject(Logger log) {
        this(log, 1000);
    }

    /** Whether this failure is news: the object was not told last with this reason. Remembers it. */
    public synchronized boolean isNews(String object, String reason) {
        return !reason.equals(told.put(object, reason));
    }

    /** Logs {@code message} at WARN when the object's failure is news (see {@link #isNews}); true if it did. */
    public boolean warn(String object, String reason, String message) {
        if (isNews(object, reason)) {
            log.warn(message);
            return true;
        }
        return false;
    }

    /**
     * The object is well again (its write went through, it is gone): it is forgotten, and if a failure of it had
     * been told, {@code message} says at INFO that it recovered. True if it had been told.
     */
    public boolean recovered(String object, String message) {
        boolean wasTold;
        synchronized (this) {
            wasTold = told.remove(object) != null;
        }
        if (wasTold && message != null) {
            log.info(message);
        }
        return wasTold;
    }

    /** How many objects are remembered as failing. */
    public synchronized int failing() {
        return told.size();
    }
}

package io.kumos.lb.proxy;

import java.util.List;
import java.util.Objects;

/**
 * Where the connections of one Service port go: its ready endpoints, in the order round-robin walks them, and the
 * Service's session affinity. An empty list is a Service that exists but has nothing ready: its listeners stay
 * open and reset every connection at once, so clients fail fast instead of waiting for a timeout.
 */
public record Route(List<Backend> backends, SessionAffinity affinity) {

    public Route {
        backends = List.copyOf(backends);
        Objects.requireNonNull(affinity, "affinity");
    }

    public static Route of(List<Backend> backends) {
        return new Route(backends, SessionAffinity.NONE);
    }
}

package io.kumos.lb.proxy.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.SessionAffinity;

/**
 * Chooses the endpoint of each new connection of one Service port: round-robin over the ready endpoints, or the
 * client's previous endpoint under {@code ClientIP} affinity. An endpoint that could not be connected to is passed
 * over for {@link #SUSPICION} (passive health checking, as HAProxy's {@code observe layer4}): a host that died
 * takes seconds to leave the Endpoints, and meanwhile every connection sent to it would wait out the connect
 * timeout before its retry. When every endpoint left is suspect, the suspects are tried after all.
 *
 * <p>The ready list is an immutable snapshot swapped in one volatile write, so a change of Endpoints applies to
 * the very next connection without locking the accept path. The round-robin position and the affinity table
 * survive those swaps: an update does not send every client back to the first endpoint.
 *
 * <p>Thread-safe: {@link #pick} runs on every event loop, {@link #update} on the thread applying a plan.
 */
final class Balancer {

    /** How long an endpoint that refused or timed out a connection is passed over. */
    static final long SUSPICION = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private static final Choice NOTHING = new Choice(new Endpoint[0], Map.of(), SessionAffinity.NONE);

    private final AtomicInteger next = new AtomicInteger();
    private final ClientIpAffinity affinity = new ClientIpAffinity();
    private final LongSupplier nanoClock;
    private volatile Choice choice = NOTHING;

    Balancer(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void update(List<Endpoint> ready, SessionAffinity sessionAffinity) {
        Map<Backend, Endpoint> byBackend = new HashMap<>();
        ready.forEach(endpoint -> byBackend.put(endpoint.backend(), endpoint));
        choice = new Choice(ready.toArray(Endpoint[]::new), Map.copyOf(byBackend), sessionAffinity);
        if (!sessionAffinity.byClientIp()) {
            affinity.clear();
        }
    }

    /**
     * The endpoint for a new connection from this client, never one of those already tried for it; {@code null}
     * when none is left.
     *
     * @param client the client's address, {@code null} if unknown (no affinity then)
     */
    Endpoint pick(InetAddress client, Set<Backend> tried) {
        Choice current = choice;
        int count = current.ready.length;
        if (count == 0) {
            return null;
        }
        boolean sticky = client != null && current.affinity.byClientIp();
        long now = sticky ? nanoClock.getAsLong() : 0;
        if (sticky) {
            Backend previous = affinity.find(client, now, current.affinity.clientIpTimeout().toNanos());
            Endpoint endpoint = previous == null ? null : current.byBackend.get(previous);
            if (endpoint != null && !tried.contains(previous)) {
                return endpoint;
            }
        }
        // A retry goes on from where the ring is, without moving it: an endpoint that refuses is then tried
        // first by no more than its share of connections.
        int start = tried.isEmpty() ? next.getAndIncrement() : next.get();
        long clock = nanoClock.getAsLong();
        Endpoint suspect = null;
        for (int i = 0; i < count; i++) {
            Endpoint endpoint = current.ready[Math.floorMod(start + i, count)];
            if (!tried.contains(endpoint.backend())) {
                if (endpoint.suspected(clock)) {
                    suspect = suspect == null ? endpoint : suspect;
                    continue;
                }
                return remembered(sticky, client, endpoint, now);
            }
        }
        return suspect == null ? null : remembered(sticky, client, suspect, now);
    }

    /** A connection to the endpoint failed: it is passed over for a while. */
    void connectFailed(Endpoint endpoint) {
        endpoint.suspect(nanoClock.getAsLong() + SUSPICION);
    }

    private Endpoint remembered(boolean sticky, InetAddress client, Endpoint endpoint, long now) {
        if (sticky) {
            affinity.remember(client, endpoint.backend(), now);
        }
        return endpoint;
    }

    boolean isReady(Backend backend) {
        return choice.byBackend.containsKey(backend);
    }

    List<Endpoint> ready() {
        return List.of(choice.ready);
    }

    /** Forgets clients whose affinity expired. */
    void sweep() {
        SessionAffinity current = choice.affinity;
        if (current.byClientIp()) {
            affinity.sweep(nanoClock.getAsLong(), current.clientIpTimeout().toNanos());
        }
    }

    int affinityEntries() {
        return affinity.size();
    }

    private record Choice(Endpoint[] ready, Map<Backend, Endpoint> byBackend, SessionAffinity affinity) {
    }
}

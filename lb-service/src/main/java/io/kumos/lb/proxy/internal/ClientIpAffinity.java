package io.kumos.lb.proxy.internal;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kumos.lb.proxy.Backend;

/**
 * {@code sessionAffinity: ClientIP}: which endpoint each client address last went to, and when. Entries outlive
 * changes of the endpoint list (a client keeps its endpoint while that stays ready) and expire after the timeout
 * without a new connection, as kube-proxy's do.
 */
final class ClientIpAffinity {

    private final Map<InetAddress, Sticky> clients = new ConcurrentHashMap<>();

    /** The endpoint this client used within the timeout, or {@code null}. */
    Backend find(InetAddress client, long nowNanos, long timeoutNanos) {
        Sticky sticky = clients.get(client);
        if (sticky == null || nowNanos - sticky.lastUsedNanos >= timeoutNanos) {
            return null;
        }
        sticky.lastUsedNanos = nowNanos;
        return sticky.backend;
    }

    void remember(InetAddress client, Backend backend, long nowNanos) {
        clients.put(client, new Sticky(backend, nowNanos));
    }

    /** Forgets clients quiet for longer than the timeout, so the table is bounded by the recent clients. */
    void sweep(long nowNanos, long timeoutNanos) {
        clients.values().removeIf(sticky -> nowNanos - sticky.lastUsedNanos >= timeoutNanos);
    }

    void clear() {
        clients.clear();
    }

    int size() {
        return clients.size();
    }

    private static final class Sticky {

        private final Backend backend;
        private volatile long lastUsedNanos;

        private Sticky(Backend backend, long lastUsedNanos) {
            this.backend = backend;
            this.lastUsedNanos = lastUsedNanos;
        }
    }
}

package io.kumos.lb.proxy.internal;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kumos.lb.proxy.Backend;

/**
 * One endpoint of a Service port as the data plane sees it: its resolved address, its counters and the
 * connections relayed to it now, which is what draining closes once the endpoint has stopped being ready for
 * longer than the grace.
 */
public final class Endpoint {

    private final Backend backend;
    private final InetSocketAddress address;
    private final Counters counters = new Counters();
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean retired;
    /** Until when (nano clock) a failed connect makes the balancer pass this endpoint over; 0 when it is trusted. */
    private volatile long suspectUntil;

    Endpoint(Backend backend) {
        this.backend = backend;
        this.address = backend.socketAddress();
    }

    public Backend backend() {
        return backend;
    }

    InetSocketAddress address() {
        return address;
    }

    public Counters counters() {
        return counters;
    }

    /**
     * A connection to this endpoint was established. Refused (the caller closes it) when the endpoint was retired
     * while the connection was being made: nothing would drain it afterwards.
     */
    boolean opened(ProxyConnection connection) {
        connections.add(connection);
        if (retired) {
            connections.remove(connection);
            return false;
        }
        counters.opened();
        return true;
    }

    void closed(ProxyConnection connection) {
        if (connections.remove(connection)) {
            counters.closed();
        }
    }

    /** A connection to it could not be made: new connections go to the others for a while. */
    void suspect(long until) {
        suspectUntil = until;
    }

    /** A connection to it was made: it is trusted again. */
    void trusted() {
        suspectUntil = 0;
    }

    boolean suspected(long now) {
        long until = suspectUntil;
        return until != 0 && now - until < 0;
    }

    /** The drain grace is over: closes every connection still relayed to it, and refuses later ones. */
    void retire() {
        retired = true;
        connections.forEach(ProxyConnection::closeFromAnyThread);
    }

    boolean idle() {
        return connections.isEmpty();
    }
}

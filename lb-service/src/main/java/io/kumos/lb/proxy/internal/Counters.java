package io.kumos.lb.proxy.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The traffic counters of a Service port or of one of its endpoints. Updated from every event loop at once, so
 * {@link LongAdder}s: a relayed read costs an uncontended add, and only a stats request sums them.
 */
public final class Counters {

    private final LongAdder active = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder clientToEndpoint = new LongAdder();
    private final LongAdder endpointToClient = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();

    void opened() {
        total.increment();
        active.increment();
    }

    void closed() {
        active.decrement();
    }

    void refused() {
        refused.increment();
    }

    void clientToEndpoint(long bytes) {
        clientToEndpoint.add(bytes);
    }

    void endpointToClient(long bytes) {
        endpointToClient.add(bytes);
    }

    void connectFailed() {
        connectFailures.increment();
    }

    public long active() {
        return active.sum();
    }

    public long total() {
        return total.sum();
    }

    public long refusedConnections() {
        return refused.sum();
    }

    public long clientToEndpointBytes() {
        return clientToEndpoint.sum();
    }

    public long endpointToClientBytes() {
        return endpointToClient.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }
}

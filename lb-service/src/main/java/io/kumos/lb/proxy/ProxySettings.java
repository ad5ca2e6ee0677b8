package io.kumos.lb.proxy;

import java.time.Duration;

/**
 * How the proxy treats connections; the same for every Service.
 *
 * @param connectTimeout  how long a connection to an endpoint may take before the next endpoint is tried
 * @param idleTimeout     a connection with no traffic either way for this long is closed; zero keeps it forever
 * @param drainGrace      how long connections to an endpoint that stopped being ready (or whose Service went
 *                        away) may go on before they are closed; zero closes them at once
 * @param ioThreads       event loop threads; zero for one per core
 * @param preferEpoll     use the native epoll transport where the platform has it (NIO otherwise)
 */
public record ProxySettings(Duration connectTimeout, Duration idleTimeout, Duration drainGrace, int ioThreads,
        boolean preferEpoll) {

    public ProxySettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive");
        }
        if (idleTimeout.isNegative() || drainGrace.isNegative() || ioThreads < 0) {
            throw new IllegalArgumentException("timeouts and thread counts cannot be negative");
        }
    }

    /** The service's defaults: 2 s to connect, 10 min idle, 30 s to drain, a thread per core, epoll if present. */
    public static ProxySettings defaults() {
        return new ProxySettings(Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(30), 0, true);
    }

    public int ioThreadsOrCores() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }
}

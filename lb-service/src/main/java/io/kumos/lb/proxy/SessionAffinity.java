package io.kumos.lb.proxy;

import java.time.Duration;

/**
 * A Service's {@code sessionAffinity}: {@code None} spreads every new connection round-robin; {@code ClientIP}
 * sends a client's connections to the endpoint it last used, until it has been quiet for the timeout
 * ({@code sessionAffinityConfig.clientIP.timeoutSeconds}, three hours by default as in Kubernetes) or that
 * endpoint is no longer ready.
 *
 * @param clientIpTimeout how long a client stays with its endpoint after its last new connection; zero for
 *                        {@code None}
 */
public record SessionAffinity(Duration clientIpTimeout) {

    /** No affinity: round-robin for every connection. */
    public static final SessionAffinity NONE = new SessionAffinity(Duration.ZERO);

    /** The Kubernetes default of {@code timeoutSeconds}. */
    public static final Duration DEFAULT_CLIENT_IP_TIMEOUT = Duration.ofSeconds(10800);

    public SessionAffinity {
        if (clientIpTimeout == null || clientIpTimeout.isNegative()) {
            throw new IllegalArgumentException("the ClientIP timeout must be zero or positive");
        }
    }

    public static SessionAffinity clientIp(Duration timeout) {
        return new SessionAffinity(timeout);
    }

    public boolean byClientIp() {
        return !clientIpTimeout.isZero();
    }
}

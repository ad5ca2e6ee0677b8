package io.kumos.lb.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.SessionAffinity;

/** Choosing the endpoint of a new connection: round-robin, retries, ClientIP affinity. */
class BalancerTest {

    private static final Endpoint A = new Endpoint(new Backend("10.0.0.1", 80));
    private static final Endpoint B = new Endpoint(new Backend("10.0.0.2", 80));
    private static final Endpoint C = new Endpoint(new Backend("10.0.0.3", 80));
    private static final SessionAffinity TEN_SECONDS = SessionAffinity.clientIp(Duration.ofSeconds(10));

    private final AtomicLong now = new AtomicLong();
    private final Balancer balancer = new Balancer(now::get);

    @Test
    void goesRoundTheReadyEndpoints() {
        balancer.update(List.of(A, B, C), SessionAffinity.NONE);
        assertEquals(List.of(A, B, C, A, B, C), picks(6, null));
    }

    @Test
    void keepsItsPlaceWhenTheListChanges() {
        balancer.update(List.of(A, B, C), SessionAffinity.NONE);
        picks(2, null);
        balancer.update(List.of(A, C), SessionAffinity.NONE);
        assertEquals(List.of(A, C, A), picks(3, null), "position 2 of [A, C] is A, and on from there");
    }

    @Test
    void neverOffersAnEndpointAlreadyTriedForTheConnection() {
        balancer.update(List.of(A, B, C), SessionAffinity.NONE);
        Set<Backend> tried = Set.of(A.backend(), B.backend());
        assertEquals(C, balancer.pick(null, tried));
        assertEquals(C, balancer.pick(null, tried));
        assertNull(balancer.pick(null, Set.of(A.backend(), B.backend(), C.backend())));
    }

    @Test
    void anEndpointThatFailedAConnectIsPassedOverForAWhileUnlessNoOtherIsLeft() {
        Endpoint a = new Endpoint(new Backend("10.0.1.1", 80));
        Endpoint b = new Endpoint(new Backend("10.0.1.2", 80));
        Endpoint c = new Endpoint(new Backend("10.0.1.3", 80));
        balancer.update(List.of(a, b, c), SessionAffinity.NONE);
        balancer.connectFailed(b);
        assertEquals(List.of(a, c, c, a), picks(4, null), "b is skipped; the ring moves on as before");
        assertEquals(b, balancer.pick(null, Set.of(a.backend(), c.backend())), "the suspect, when none else is left");

        now.addAndGet(Balancer.SUSPICION);
        assertEquals(List.of(b, c, a), picks(3, null), "trusted again once the suspicion is over");

        balancer.connectFailed(a);
        a.trusted();
        assertEquals(List.of(b, c, a), picks(3, null), "a connection made clears it at once");
    }

    @Test
    void hasNothingToOfferWithoutReadyEndpoints() {
        assertNull(balancer.pick(null, Set.of()));
        balancer.update(List.of(), SessionAffinity.NONE);
        assertNull(balancer.pick(null, Set.of()));
    }

    @Test
    void clientIpAffinityKeepsAClientOnItsEndpoint() throws Exception {
        balancer.update(List.of(A, B, C), TEN_SECONDS);
        InetAddress one = InetAddress.getByName("192.0.2.1");
        InetAddress two = InetAddress.getByName("192.0.2.2");
        Endpoint first = balancer.pick(one, Set.of());
        Endpoint other = balancer.pick(two, Set.of());
        for (int i = 0; i < 5; i++) {
            assertEquals(first, balancer.pick(one, Set.of()));
            assertEquals(other, balancer.pick(two, Set.of()));
        }
        assertEquals(List.of(A, B), List.of(first, other), "new clients still spread round-robin");
    }

    @Test
    void clientIpAffinityExpiresAfterTheTimeoutWithoutNewConnections() throws Exception {
        balancer.update(List.of(A, B), TEN_SECONDS);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        assertEquals(A, balancer.pick(client, Set.of()));
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(A, balancer.pick(client, Set.of()), "within the timeout; and it is renewed");
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(A, balancer.pick(client, Set.of()));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        balancer.sweep();
        assertEquals(0, balancer.affinityEntries(), "forgotten after 10 s without a connection");
        assertEquals(B, balancer.pick(client, Set.of()), "round-robin again");
    }

    @Test
    void clientIpAffinityMovesOffAnEndpointThatIsNoLongerReadyOrFailed() throws Exception {
        balancer.update(List.of(A, B, C), TEN_SECONDS);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        assertEquals(A, balancer.pick(client, Set.of()));
        balancer.update(List.of(B, C), TEN_SECONDS);
        Endpoint moved = balancer.pick(client, Set.of());
        assertEquals(moved, balancer.pick(client, Set.of()), "sticks to its new endpoint");
        Endpoint retried = balancer.pick(client, Set.of(moved.backend()));
        assertEquals(retried, balancer.pick(client, Set.of()), "after a failed connect, sticks to the one that worked");
    }

    private List<Endpoint> picks(int count, InetAddress client) {
        List<Endpoint> picks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picks.add(balancer.pick(client, Set.of()));
        }
        return picks;
    }
}

package io.kumos.placement.leader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.kumos.grid.leader.LeaderLock;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Leader locks against the real Infinispan Server: one holder at a time, renewal, hand-over on release and on
 * expiry, a single winner among concurrent contenders, and this service holding every role of its own.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class LeaderLockIT {

    @Inject
    RemoteCacheManager grid;

    @Inject
    Leadership leadership;

    private static String name(TestInfo test) {
        return "it/" + test.getTestMethod().orElseThrow().getName() + "/" + System.nanoTime();
    }

    private LeaderLock lock(String name, String holder, Duration lifespan) {
        return new LeaderLock(grid, name, holder, lifespan, Clock.systemUTC());
    }

    @Test
    void oneHolderAtATimeAndARenewalKeepsIt(TestInfo test) {
        String name = name(test);
        LeaderLock a = lock(name, "a", Duration.ofSeconds(30));
        LeaderLock b = lock(name, "b", Duration.ofSeconds(30));
        assertTrue(a.acquireOrRenew());
        assertFalse(b.acquireOrRenew());
        assertTrue(a.acquireOrRenew(), "the holder renews");
        assertTrue(a.held());
        assertFalse(b.held());
        assertEquals(Optional.of("a"), b.holder());

        b.release();
        assertEquals(Optional.of("a"), a.holder(), "only the holder can give it back");
        a.release();
        assertFalse(a.held());
        assertTrue(b.acquireOrRenew(), "given back: the next one takes it at once");
        assertFalse(a.acquireOrRenew());
    }

    @Test
    void aHolderThatStopsRenewingLosesTheLockWhenItsLeaseRunsOut(TestInfo test) {
        String name = name(test);
        LeaderLock a = lock(name, "a", Duration.ofSeconds(2));
        LeaderLock b = lock(name, "b", Duration.ofSeconds(2));
        assertTrue(a.acquireOrRenew());
        assertFalse(b.acquireOrRenew());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(b::acquireOrRenew);
        assertFalse(a.held(), "a stopped believing it leads before b could take over");
        assertFalse(a.acquireOrRenew());
        assertEquals(Optional.of("b"), a.holder());
    }

    @Test
    void ofManyContendersExactlyOneWins(TestInfo test) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String name = name(test) + "/" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    LeaderLock lock = lock(name, "holder-" + i, Duration.ofSeconds(30));
                    attempts.add(threads.submit(() -> {
                        start.await();
                        return lock.acquireOrRenew();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> attempt : attempts) {
                    winners += attempt.get() ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void thisServiceRunsEveryRoleAndAnotherReplicaCannotTakeOne() {
        await().atMost(Duration.ofSeconds(30)).until(() -> leadership.led().equals(EnumSet.allOf(Role.class)));
        LeaderLock other = lock(Role.DEPLOYMENTS.lockName(), "another-replica", Duration.ofSeconds(15));
        assertFalse(other.acquireOrRenew());
        assertTrue(other.holder().orElseThrow().startsWith("placement-service@"), other.holder()::toString);
    }
}

package io.kumos.placement.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AssumedPodsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T23:00:00Z");

    private final AssumedPods assumed = new AssumedPods();

    @Test
    void aBoundPodIsOnItsNodeUntilTheInformerNoLongerShowsItPending() {
        assumed.bound("uid-1", "node-1", NOW);

        assertEquals(Optional.of("node-1"), assumed.nodeOf("uid-1", NOW.plusMillis(10)));
        assumed.retainOnly(Set.of("uid-1", "uid-2"));
        assertEquals(Optional.of("node-1"), assumed.nodeOf("uid-1", NOW.plusMillis(20)), "still shown pending");

        assumed.retainOnly(Set.of("uid-2"));
        assertEquals(Optional.empty(), assumed.nodeOf("uid-1", NOW.plusMillis(30)), "the binding has shown");
        assertEquals(0, assumed.size());
    }

    @Test
    void aBindingThatNeverShowsIsLookedAtAfreshAfterTheTtl() {
        assumed.bound("uid-1", "node-1", NOW);

        assertEquals(Optional.of("node-1"), assumed.nodeOf("uid-1", NOW.plus(AssumedPods.TTL).minusMillis(1)));
        assertEquals(Optional.empty(), assumed.nodeOf("uid-1", NOW.plus(AssumedPods.TTL)));
        assertEquals(0, assumed.size());
    }

    @Test
    void aPodNeverBoundIsNotAssumed() {
        assertEquals(Optional.empty(), assumed.nodeOf("uid-9", NOW));
    }
}

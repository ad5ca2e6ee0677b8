package io.kumos.agent.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Fencing comes once per cut from the grid, after the fence time, and never when it is off. */
class FenceTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void fencesOnceWhenTheHeartbeatIsStaleForTheFenceTime() {
        Fence fence = new Fence(Optional.of(Duration.ofSeconds(10)), T0);
        fence.renewed(T0.plusSeconds(2));
        assertFalse(fence.due(T0.plusSeconds(11)), "9 s since the last renewal");
        assertTrue(fence.due(T0.plusSeconds(12)));
        assertFalse(fence.due(T0.plusSeconds(13)), "once per cut");

        fence.renewed(T0.plusSeconds(20));
        assertFalse(fence.due(T0.plusSeconds(25)));
        assertTrue(fence.due(T0.plusSeconds(30)), "a new cut fences again");
    }

    @Test
    void anAgentThatNeverReachedTheGridCountsFromItsStart() {
        Fence fence = new Fence(Optional.of(Duration.ofSeconds(10)), T0);
        assertFalse(fence.due(T0.plusSeconds(9)));
        assertTrue(fence.due(T0.plusSeconds(10)));
    }

    @Test
    void neverWhenOff() {
        Fence fence = new Fence(Optional.empty(), T0);
        assertFalse(fence.due(T0.plusSeconds(3600)));
    }
}

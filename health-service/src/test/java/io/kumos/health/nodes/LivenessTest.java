package io.kumos.health.nodes;

import static io.kumos.health.nodes.TestObjects.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A node is heard from when a sign of life changes, on the controller's own clock. */
class LivenessTest {

    private final Liveness liveness = new Liveness();

    @Test
    void aNodeSeenForTheFirstTimeGetsAFreshGraceWhateverItsHeartbeatSays() {
        assertEquals(T0, liveness.observe("n1", new Liveness.Signal(42, ""), T0));
        assertEquals(T0, liveness.observe("n2", new Liveness.Signal(-1, ""), T0));
    }

    @Test
    void anUnchangedHeartbeatIsNoNewsEvenThoughTheEntryIsStillThere() {
        liveness.observe("n1", new Liveness.Signal(1000, ""), T0);
        assertEquals(T0, liveness.observe("n1", new Liveness.Signal(1000, ""), T0.plusSeconds(5)));
        // The agent's own clock may be far behind: only the change counts, at this replica's time.
        assertEquals(T0.plusSeconds(6), liveness.observe("n1", new Liveness.Signal(3, ""), T0.plusSeconds(6)));
    }

    @Test
    void aLeaseRenewalAloneIsHeardAndAnExpiredEntryIsNot() {
        liveness.observe("n1", new Liveness.Signal(1000, "2025-01-01T10:00:00.000000Z"), T0);
        assertEquals(T0, liveness.observe("n1", new Liveness.Signal(-1, "2025-01-01T10:00:00.000000Z"),
                T0.plusSeconds(2)));
        assertEquals(T0.plusSeconds(3), liveness.observe("n1",
                new Liveness.Signal(-1, "2025-01-01T10:00:02.000000Z"), T0.plusSeconds(3)));
        // The heartbeat entry coming back with the value it had before it expired is still no news.
        assertEquals(T0.plusSeconds(3), liveness.observe("n1",
                new Liveness.Signal(1000, "2025-01-01T10:00:02.000000Z"), T0.plusSeconds(4)));
    }

    @Test
    void forgettingStartsEveryNodeAfresh() {
        liveness.observe("n1", new Liveness.Signal(1000, ""), T0);
        liveness.forget();
        assertEquals(T0.plusSeconds(60), liveness.observe("n1", new Liveness.Signal(1000, ""), T0.plusSeconds(60)));
    }
}

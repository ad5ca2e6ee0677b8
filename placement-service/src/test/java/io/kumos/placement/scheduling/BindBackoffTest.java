package io.kumos.placement.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kumos.grid.api.ApiCallException;

class BindBackoffTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final BindBackoff backoff = new BindBackoff();

    @Test
    void aStaleViewIsDecidedAgainWhileNoAnswerOrAServerErrorMayHaveBound() {
        assertEquals(BindOutcome.STALE, BindOutcome.of(new ApiCallException(409, "already assigned")));
        assertEquals(BindOutcome.STALE, BindOutcome.of(new ApiCallException(404, "gone")));
        assertEquals(BindOutcome.UNCERTAIN, BindOutcome.of(new ApiCallException(0, "timed out")));
        assertEquals(BindOutcome.UNCERTAIN, BindOutcome.of(new ApiCallException(503, "unavailable")));
        assertEquals(BindOutcome.UNCERTAIN, BindOutcome.of(new ApiCallException(500, "internal error")));
        assertEquals(BindOutcome.UNCERTAIN, BindOutcome.of(new ApiCallException(429, "too many requests")));
        assertEquals(BindOutcome.REFUSED, BindOutcome.of(new ApiCallException(422, "invalid")));
        assertEquals(BindOutcome.REFUSED, BindOutcome.of(new ApiCallException(403, "forbidden")));
    }

    @Test
    void theBackOffDoublesFromOneSecondToTen() {
        assertEquals(Duration.ofSeconds(1), BindBackoff.delay(1));
        assertEquals(Duration.ofSeconds(2), BindBackoff.delay(2));
        assertEquals(Duration.ofSeconds(4), BindBackoff.delay(3));
        assertEquals(Duration.ofSeconds(8), BindBackoff.delay(4));
        assertEquals(Duration.ofSeconds(10), BindBackoff.delay(5));
        assertEquals(Duration.ofSeconds(10), BindBackoff.delay(60));
    }

    @Test
    void aPodWhoseBindMayHaveHappenedWaitsAndHoldsItsRoomUntilItsBackOffEnds() {
        assertEquals(Duration.ofSeconds(1), backoff.failed("uid-1", "node-a", BindOutcome.UNCERTAIN, T0));
        assertTrue(backoff.waits("uid-1", T0.plusMillis(999)));
        assertEquals(Optional.of("node-a"), backoff.heldNode("uid-1", T0.plusMillis(999)));
        assertFalse(backoff.waits("uid-1", T0.plusSeconds(1)));
        assertEquals(Optional.empty(), backoff.heldNode("uid-1", T0.plusSeconds(1)));

        assertEquals(Duration.ofSeconds(2), backoff.failed("uid-1", "node-b", BindOutcome.UNCERTAIN,
                T0.plusSeconds(1)), "a second failure in a row waits longer");
        assertEquals(Optional.of("node-b"), backoff.heldNode("uid-1", T0.plusSeconds(2)));
        assertTrue(backoff.waits("uid-1", T0.plusMillis(2999)));
    }

    @Test
    void aRefusedBindWaitsButHoldsNoRoom() {
        backoff.failed("uid-1", "node-a", BindOutcome.REFUSED, T0);
        assertTrue(backoff.waits("uid-1", T0));
        assertEquals(Optional.empty(), backoff.heldNode("uid-1", T0));
    }

    @Test
    void aBoundOrVanishedPodIsForgottenAndANewPodOfItsNameStartsAfresh() {
        backoff.failed("uid-1", "node-a", BindOutcome.UNCERTAIN, T0);
        backoff.failed("uid-2", "node-a", BindOutcome.UNCERTAIN, T0);
        backoff.done("uid-1");
        assertFalse(backoff.waits("uid-1", T0));
        backoff.retainOnly(Set.of("uid-3"));
        assertEquals(0, backoff.size());
        assertEquals(Duration.ofSeconds(1), backoff.failed("uid-2", "node-a", BindOutcome.UNCERTAIN, T0));
    }
}

package io.kumos.agent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Instant start = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void theFirstRestartIsImmediateThenTheWaitDoublesUpToFiveMinutes() {
        Backoff backoff = new Backoff();
        Instant now = start;
        assertEquals(now, backoff.readyAt(now, now));
        Duration[] waits = {Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
            Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofMinutes(5), Duration.ofMinutes(5)};
        for (Duration wait : waits) {
            backoff.restarted(now);
            Instant finished = now.plusSeconds(1);
            assertEquals(finished.plus(wait), backoff.readyAt(finished, finished));
            assertEquals(wait, backoff.delay());
            now = finished.plus(wait);
        }
    }

    @Test
    void tenMinutesWithoutARestartStartOver() {
        Backoff backoff = new Backoff();
        backoff.restarted(start);
        backoff.restarted(start.plusSeconds(11));
        assertEquals(Duration.ofSeconds(20), backoff.delay());
        Instant later = start.plusSeconds(11).plus(Duration.ofMinutes(10)).plusSeconds(1);
        assertEquals(later, backoff.readyAt(later, later), "a container that ran long restarts at once");
        backoff.restarted(later);
        assertEquals(Duration.ofSeconds(10), backoff.delay());
    }
}

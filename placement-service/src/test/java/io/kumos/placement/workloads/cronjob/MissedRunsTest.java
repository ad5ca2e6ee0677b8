package io.kumos.placement.workloads.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which scheduled time is due: only the latest one, never older than the starting deadline. */
class MissedRunsTest {

    private static final CronSchedule EVERY_5 = CronSchedule.parse("*/5 * * * *", ZoneOffset.UTC);
    private static final Instant EARLIEST = Instant.parse("2024-05-01T10:00:00Z");

    private static Instant at(String time) {
        return Instant.parse("2024-05-01T" + time + "Z");
    }

    @Test
    void nothingIsDueBeforeTheFirstTime() {
        assertEquals(Optional.empty(), MissedRuns.at(EVERY_5, EARLIEST, null, at("10:04:59")).time());
    }

    @Test
    void theTimeThatJustPassedIsDue() {
        assertEquals(Optional.of(at("10:05:00")), MissedRuns.at(EVERY_5, EARLIEST, null, at("10:05:00")).time());
        assertEquals(Optional.of(at("10:05:00")), MissedRuns.at(EVERY_5, EARLIEST, null, at("10:07:00")).time());
    }

    @Test
    void ofSeveralMissedTimesOnlyTheLatestRuns() {
        MissedRuns due = MissedRuns.at(EVERY_5, EARLIEST, null, at("10:23:00"));
        assertEquals(Optional.of(at("10:20:00")), due.time());
        assertEquals(4, due.missed());
        assertFalse(due.tooMany());
    }

    @Test
    void aTimeOlderThanTheStartingDeadlineIsNotRun() {
        assertEquals(Optional.empty(), MissedRuns.at(EVERY_5, EARLIEST, 120L, at("10:23:00")).time());
        assertEquals(Optional.of(at("10:20:00")), MissedRuns.at(EVERY_5, EARLIEST, 300L, at("10:23:00")).time());
    }

    @Test
    void moreThanAHundredMissedTimesAreReported() {
        CronSchedule everyMinute = CronSchedule.parse("* * * * *", ZoneOffset.UTC);
        MissedRuns due = MissedRuns.at(everyMinute, EARLIEST, null, EARLIEST.plusSeconds(86_400));
        assertTrue(due.tooMany());
        assertEquals(Optional.of(EARLIEST.plusSeconds(86_400)), due.time());
    }

    @Test
    void anImpossibleScheduleIsNeverDue() {
        CronSchedule never = CronSchedule.parse("0 0 30 2 *", ZoneOffset.UTC);
        assertEquals(Optional.empty(), MissedRuns.at(never, EARLIEST, null, at("23:00:00")).time());
    }
}

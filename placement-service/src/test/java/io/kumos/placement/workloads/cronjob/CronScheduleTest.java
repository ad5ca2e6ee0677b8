package io.kumos.placement.workloads.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Next runs of cron schedules as robfig/cron (kube-controller-manager's parser) computes them. */
class CronScheduleTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static Instant next(String spec, String after) {
        return CronSchedule.parse(spec, UTC).next(Instant.parse(after)).orElseThrow();
    }

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "*/15 * * * *        | 2024-05-01T10:07:30Z | 2024-05-01T10:15:00Z",
        "*/1 * * * *         | 2024-05-01T10:07:00Z | 2024-05-01T10:08:00Z",
        "5 * * * *           | 2024-05-01T10:05:00Z | 2024-05-01T11:05:00Z",
        "0 9 * * mon-fri     | 2024-05-03T10:00:00Z | 2024-05-06T09:00:00Z",
        "30 6-16/4 * * 1-5   | 2024-05-01T10:31:00Z | 2024-05-01T14:30:00Z",
        "0 0 1 * *           | 2024-05-01T00:00:00Z | 2024-06-01T00:00:00Z",
        "0 0 1 JAN,jul *     | 2024-05-01T00:00:00Z | 2024-07-01T00:00:00Z",
        "0 0 * * 7           | 2024-05-01T00:00:00Z | 2024-05-05T00:00:00Z",
        "0 0 * * SUN         | 2024-05-01T00:00:00Z | 2024-05-05T00:00:00Z",
        "0 0 13 * 5          | 2024-05-01T00:00:00Z | 2024-05-03T00:00:00Z",
        "0 0 13 * 5          | 2024-05-10T00:00:00Z | 2024-05-13T00:00:00Z",
        "0 0 ? * 1/2         | 2024-05-01T00:00:00Z | 2024-05-03T00:00:00Z",
        "10-20/5 3 * * *     | 2024-05-01T03:15:00Z | 2024-05-01T03:20:00Z",
        "0 12 29 2 *         | 2024-05-01T00:00:00Z | 2028-02-29T12:00:00Z",
        "@hourly             | 2024-05-01T10:07:00Z | 2024-05-01T11:00:00Z",
        "@daily              | 2024-05-01T10:07:00Z | 2024-05-02T00:00:00Z",
        "@midnight           | 2024-05-01T10:07:00Z | 2024-05-02T00:00:00Z",
        "@weekly             | 2024-05-01T10:07:00Z | 2024-05-05T00:00:00Z",
        "@monthly            | 2024-05-01T10:07:00Z | 2024-06-01T00:00:00Z",
        "@yearly             | 2024-05-01T10:07:00Z | 2025-01-01T00:00:00Z",
        "@annually           | 2024-05-01T10:07:00Z | 2025-01-01T00:00:00Z",
        "@every 90s          | 2024-05-01T10:07:00.500Z | 2024-05-01T10:08:30Z",
        "@every 1h30m        | 2024-05-01T10:00:00Z | 2024-05-01T11:30:00Z",
    })
    void nextRun(String spec, String after, String expected) {
        assertEquals(Instant.parse(expected), next(spec.trim(), after.trim()));
    }

    @Test
    void anImpossibleDateHasNoNextRun() {
        assertEquals(Optional.empty(), CronSchedule.parse("0 0 30 2 *", UTC).next(Instant.parse(
                "2024-05-01T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"61 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "* * * *",
        "* * * * * *", "@fortnightly", "5-1 * * * *", "*/0 * * * *", "a * * * *", "1-2-3 * * * *", "*/2/3 * * * *",
        "TZ=Nowhere/Atlantis 0 * * * *", "@every 5x", ""})
    void invalidSchedulesAreRefused(String spec) {
        assertThrows(CronSchedule.InvalidScheduleException.class, () -> CronSchedule.parse(spec, UTC));
    }

    @Test
    void aTimeZoneShiftsTheScheduleWithItsOffset() {
        CronSchedule berlin = CronSchedule.parse("0 9 * * *", ZoneId.of("Europe/Berlin"));
        assertEquals(Instant.parse("2024-05-01T07:00:00Z"), berlin.next(Instant.parse("2024-05-01T06:00:00Z"))
                .orElseThrow(), "09:00 CEST");
        assertEquals(Instant.parse("2024-01-15T08:00:00Z"), berlin.next(Instant.parse("2024-01-15T06:00:00Z"))
                .orElseThrow(), "09:00 CET");
    }

    @Test
    void tzAndCronTzPrefixesNameTheZone() {
        assertEquals(Instant.parse("2024-05-01T13:00:00Z"), CronSchedule.parse("CRON_TZ=America/New_York 0 9 * * *",
                UTC).next(Instant.parse("2024-05-01T06:00:00Z")).orElseThrow());
        assertEquals(Instant.parse("2024-05-01T00:30:00Z"), CronSchedule.parse("TZ=Asia/Kolkata 0 6 * * *",
                UTC).next(Instant.parse("2024-04-30T06:00:00Z")).orElseThrow());
    }

    @Test
    void aTimeThatClocksSkipIsSkippedThatDay() {
        // New York springs forward on 2024-03-10: 02:30 does not exist that day.
        CronSchedule schedule = CronSchedule.parse("30 2 * * *", ZoneId.of("America/New_York"));
        Instant nineth = schedule.next(Instant.parse("2024-03-09T05:00:00Z")).orElseThrow();
        assertEquals(Instant.parse("2024-03-09T07:30:00Z"), nineth, "02:30 EST");
        assertEquals(Instant.parse("2024-03-11T06:30:00Z"), schedule.next(nineth).orElseThrow(), "02:30 EDT, a day "
                + "later");
    }

    @Test
    void aTimeThatClocksRepeatRunsTwiceAsUpstream() {
        // New York falls back on 2024-11-03: 01:30 happens in EDT, then again in EST.
        CronSchedule schedule = CronSchedule.parse("30 1 * * *", ZoneId.of("America/New_York"));
        Instant first = schedule.next(Instant.parse("2024-11-03T05:00:00Z")).orElseThrow();
        assertEquals(Instant.parse("2024-11-03T05:30:00Z"), first, "01:30 EDT");
        Instant second = schedule.next(first).orElseThrow();
        assertEquals(Instant.parse("2024-11-03T06:30:00Z"), second, "01:30 EST");
        assertEquals(Instant.parse("2024-11-04T06:30:00Z"), schedule.next(second).orElseThrow());
    }

    @Test
    void anHourlyScheduleKeepsItsPaceAcrossTheChange() {
        CronSchedule schedule = CronSchedule.parse("0 * * * *", ZoneId.of("Europe/Berlin"));
        // Berlin springs forward at 02:00 CET (01:00Z) on 2024-03-31.
        Instant t = Instant.parse("2024-03-31T00:00:00Z");
        Instant next = schedule.next(t).orElseThrow();
        assertEquals(Instant.parse("2024-03-31T01:00:00Z"), next, "03:00 CEST follows 01:00 CET");
        assertTrue(schedule.next(next).orElseThrow().equals(Instant.parse("2024-03-31T02:00:00Z")));
    }
}

package io.kumos.placement.workloads.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which scheduled time a CronJob should run now, as upstream's {@code mostRecentScheduleTime}: the latest time of
 * the schedule after the last one it ran (or its creation) and not after now, never earlier than
 * {@code startingDeadlineSeconds} ago. Only that latest time runs; earlier missed ones are skipped. How many were
 * missed is estimated from the interval between two runs, as upstream does, so that a controller that was down for
 * years does not step through every minute since.
 *
 * @param time   the time to run, if one is due
 * @param missed how many times were missed (an estimate); more than 100 is reported as TooManyMissedTimes
 */
public record MissedRuns(Optional<Instant> time, long missed) {

    static final long MANY = 100;

    /**
     * @param earliest the last scheduled time, else the CronJob's creation
     * @param startingDeadlineSeconds null when unset
     * @throws CronSchedule.InvalidScheduleException when two runs are less than a second apart (an impossible
     *         date), as upstream refuses it
     */
    public static MissedRuns at(CronSchedule schedule, Instant earliest, Long startingDeadlineSeconds, Instant now) {
        Instant from = earliest;
        if (startingDeadlineSeconds != null) {
            Instant deadline = now.minusSeconds(startingDeadlineSeconds);
            if (deadline.isAfter(from)) {
                from = deadline;
            }
        }
        Optional<Instant> first = schedule.next(from);
        if (first.isEmpty() || now.isBefore(first.get())) {
            return new MissedRuns(Optional.empty(), 0);
        }
        Optional<Instant> second = schedule.next(first.get());
        if (second.isEmpty() || now.isBefore(second.get())) {
            return new MissedRuns(first, 1);
        }
        long interval = Math.round(Duration.between(first.get(), second.get()).toMillis() / 1000.0);
        if (interval < 1) {
            throw new CronSchedule.InvalidScheduleException(
                    "time difference between two schedules is less than 1 second");
        }
        long missed = Duration.between(first.get(), now).getSeconds() / interval + 1;
        Instant potentialEarliest = first.get().plusSeconds((missed - 2) * interval);
        Optional<Instant> latest = Optional.empty();
        for (Optional<Instant> t = schedule.next(potentialEarliest); t.isPresent() && !t.get().isAfter(now);
                t = schedule.next(t.get())) {
            latest = t;
        }
        return new MissedRuns(latest, missed);
    }

    public boolean tooMany() {
        return missed > MANY;
    }
}

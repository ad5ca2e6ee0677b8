package io.kumos.placement.workloads.cronjob;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CronJob's schedule, read and stepped as upstream does it (robfig/cron v3's standard parser, which
 * kube-controller-manager uses): five fields (minute, hour, day of month, month, day of week) of {@code *},
 * {@code ?}, numbers, names ({@code jan}, {@code mon}), ranges, lists and steps; the descriptors {@code @yearly},
 * {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly} and
 * {@code @every <duration>}; and a {@code TZ=} or {@code CRON_TZ=} prefix naming the time zone. A day matches when
 * either day field matches, unless one of them is {@code *}, as in Vixie cron. Day of week 7 is also Sunday.
 *
 * <p>Time zones and daylight saving time behave as upstream's: times are stepped in the schedule's zone, so a
 * time that does not exist on the day clocks go forward is skipped that day, and one that exists twice on the day
 * they go back runs twice.
 */
public final class CronSchedule {

    private static final long STAR = 1L << 63;
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private final long minute;
    private final long hour;
    private final long dom;
    private final long month;
    private final long dow;
    private final Duration every;
    private final ZoneId zone;

    private CronSchedule(long minute, long hour, long dom, long month, long dow, Duration every, ZoneId zone) {
        this.minute = minute;
        this.hour = hour;
        this.dom = dom;
        this.month = month;
        this.dow = dow;
        this.every = every;
        this.zone = zone;
    }

    /** A schedule that could not be read, with upstream's wording of why. */
    public static final class InvalidScheduleException extends IllegalArgumentException {

        InvalidScheduleException(String message) {
            super(message);
        }
    }

    /**
     * Reads a schedule.
     *
     * @param defaultZone the zone of a schedule without a {@code TZ=} prefix
     * @throws InvalidScheduleException when it is not a schedule
     */
    public static CronSchedule parse(String spec, ZoneId defaultZone) {
        String text = spec.trim();
        ZoneId zone = defaultZone;
        if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
            int space = text.indexOf(' ');
            String name = text.substring(text.indexOf('=') + 1, space < 0 ? text.length() : space);
            zone = zoneOf(name).orElseThrow(() -> new InvalidScheduleException("provided bad location " + name));
            text = space < 0 ? "" : text.substring(space).trim();
        }
        if (text.isEmpty()) {
            throw new InvalidScheduleException("empty spec string");
        }
        if (text.startsWith("@")) {
            return descriptor(text, zone);
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5) {
            throw new InvalidScheduleException("expected exactly 5 fields, found " + fields.length + ": " + text);
        }
        long dow = field(fields[4], 0, 7, DAYS);
        if ((dow & (1L << 7)) != 0) {
            dow = (dow & ~(1L << 7)) | 1L;
        }
        return new CronSchedule(field(fields[0], 0, 59, null), field(fields[1], 0, 23, null),
                field(fields[2], 1, 31, null), field(fields[3], 1, 12, MONTHS), dow, null, zone);
    }

    /** A time zone by its IANA name ({@code Europe/Berlin}; {@code UTC}, {@code Local} as in Go). */
    public static Optional<ZoneId> zoneOf(String name) {
        if (name.isEmpty() || name.equals("UTC")) {
            return Optional.of(ZoneId.of("UTC"));
        }
        if (name.equals("Local")) {
            return Optional.of(ZoneId.systemDefault());
        }
        try {
            return Optional.of(ZoneId.of(name));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static CronSchedule descriptor(String text, ZoneId zone) {
        long all = STAR;
        return switch (text) {
            case "@yearly", "@annually" -> new CronSchedule(1, 1, 1L << 1, 1L << 1, bits(0, 6, 1) | all, null, zone);
            case "@monthly" -> new CronSchedule(1, 1, 1L << 1, bits(1, 12, 1) | all, bits(0, 6, 1) | all, null, zone);
            case "@weekly" -> new CronSchedule(1, 1, bits(1, 31, 1) | all, bits(1, 12, 1) | all, 1, null, zone);
            case "@daily", "@midnight" -> new CronSchedule(1, 1, bits(1, 31, 1) | all, bits(1, 12, 1) | all,
                    bits(0, 6, 1) | all, null, zone);
            case "@hourly" -> new CronSchedule(1, bits(0, 23, 1) | all, bits(1, 31, 1) | all, bits(1, 12, 1) | all,
                    bits(0, 6, 1) | all, null, zone);
            default -> {
                if (text.startsWith("@every ")) {
                    // Whole seconds, at least one, as robfig's Every.
                    Duration every = GoDuration.parse(text.substring("@every ".length()).trim())
                            .truncatedTo(ChronoUnit.SECONDS);
                    yield new CronSchedule(0, 0, 0, 0, 0, every.compareTo(Duration.ofSeconds(1)) < 0
                            ? Duration.ofSeconds(1) : every, zone);
                }
                throw new InvalidScheduleException("unrecognized descriptor: " + text);
            }
        };
    }

    private static long field(String field, int min, int max, List<String> names) {
        long bits = 0;
        for (String range : field.split(",")) {
            bits |= range(range, min, max, names);
        }
        return bits;
    }

    private static long range(String expr, int min, int max, List<String> names) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        int start;
        int end;
        long extra = 0;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = min;
            // "*" is every valid value: for day of week 0-6, 7 being only another name for Sunday.
            end = max == 7 ? 6 : max;
            extra = STAR;
        } else {
            start = value(lowAndHigh[0], names, expr);
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                end = value(lowAndHigh[1], names, expr);
            } else {
                throw new InvalidScheduleException("too many hyphens: " + expr);
            }
        }
        int step;
        if (rangeAndStep.length == 1) {
            step = 1;
        } else if (rangeAndStep.length == 2) {
            step = number(rangeAndStep[1], expr);
            if (single) {
                end = max == 7 ? 6 : max;
            }
            if (step > 1) {
                extra = 0;
            }
        } else {
            throw new InvalidScheduleException("too many slashes: " + expr);
        }
        if (start < min) {
            throw new InvalidScheduleException("beginning of range (" + start + ") below minimum (" + min + "): " + expr);
        }
        if (end > max) {
            throw new InvalidScheduleException("end of range (" + end + ") above maximum (" + max + "): " + expr);
        }
        if (start > end) {
            throw new InvalidScheduleException("beginning of range (" + start + ") beyond end of range (" + end
                    + "): " + expr);
        }
        if (step <= 0) {
            throw new InvalidScheduleException("step of range should be a positive number: " + expr);
        }
        return bits(start, end, step) | extra;
    }

    private static int value(String text, List<String> names, String expr) {
        if (names != null) {
            int index = names.indexOf(text.toLowerCase(Locale.ROOT));
            if (index >= 0) {
                return names == MONTHS ? index + 1 : index;
            }
        }
        return number(text, expr);
    }

    private static int number(String text, String expr) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new InvalidScheduleException("negative number (" + value + ") not allowed: " + expr);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidScheduleException("failed to parse int from " + text + ": " + expr);
        }
    }

    private static long bits(int start, int end, int step) {
        long bits = 0;
        for (int i = start; i <= end; i += step) {
            bits |= 1L << i;
        }
        return bits;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The first time of the schedule strictly after {@code after} (to the second), or empty if there is none in
     * the next five years (a date such as 30 February).
     */
    public Optional<Instant> next(Instant after) {
        if (every != null) {
            Instant start = after.truncatedTo(ChronoUnit.SECONDS);
            return Optional.of(start.plus(every));
        }
        ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        boolean added = false;
        int yearLimit = t.getYear() + 5;
        wrap:
        while (true) {
            if (t.getYear() > yearLimit) {
                return Optional.empty();
            }
            while ((1L << t.getMonthValue() & month) == 0) {
                if (!added) {
                    added = true;
                    t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), 1, 0, 0, 0, 0, zone);
                }
                t = t.plusMonths(1);
                if (t.getMonthValue() == 1) {
                    continue wrap;
                }
            }
            while (!dayMatches(t)) {
                if (!added) {
                    added = true;
                    t = ZonedDateTime.of(t.toLocalDate().atStartOfDay(), zone);
                }
                t = t.plusDays(1);
                // Where midnight does not exist on a day clocks go forward, land on midnight-ish nonetheless.
                if (t.getHour() != 0) {
                    t = t.getHour() > 12 ? t.plusHours(24 - t.getHour()) : t.minusHours(t.getHour());
                }
                if (t.getDayOfMonth() == 1) {
                    continue wrap;
                }
            }
            while ((1L << t.getHour() & hour) == 0) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.HOURS);
                }
                t = t.plusHours(1);
                if (t.getHour() == 0) {
                    continue wrap;
                }
            }
            while ((1L << t.getMinute() & minute) == 0) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.MINUTES);
                }
                t = t.plusMinutes(1);
                if (t.getMinute() == 0) {
                    continue wrap;
                }
            }
            while (t.getSecond() != 0) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.SECONDS);
                }
                t = t.plusSeconds(1);
                if (t.getSecond() == 0) {
                    continue wrap;
                }
            }
            return Optional.of(t.toInstant());
        }
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean domMatch = (1L << t.getDayOfMonth() & dom) != 0;
        boolean dowMatch = (1L << (t.getDayOfWeek().getValue() % 7) & dow) != 0;
        if ((dom & STAR) != 0 || (dow & STAR) != 0) {
            return domMatch && dowMatch;
        }
        return domMatch || dowMatch;
    }
}

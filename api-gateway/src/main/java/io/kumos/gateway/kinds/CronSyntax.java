package io.kumos.gateway.kinds;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cron schedules a CronJob accepts: five fields (minute, hour, day of month, month, day of week) of
 * {@code *}, numbers, ranges, lists and steps, month and day names, or a macro such as {@code @hourly}.
 */
final class CronSyntax {

    private static final List<String> MACROS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final Pattern EVERY = Pattern.compile("@every (\\d+(ns|us|µs|ms|s|m|h))+");
    private static final Pattern TERM = Pattern.compile("(\\*|\\?|[0-9a-z]+(-[0-9a-z]+)?)(/\\d+)?");
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private CronSyntax() {
    }

    /** What is wrong with the schedule, if anything. */
    static Optional<String> check(String schedule) {
        String trimmed = schedule.trim();
        if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
            return Optional.of("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }
        if (trimmed.startsWith("@")) {
            return MACROS.contains(trimmed) || EVERY.matcher(trimmed).matches() ? Optional.empty()
                    : Optional.of("unrecognized descriptor: " + trimmed);
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            return Optional.of("expected exactly 5 fields, found " + fields.length + ": " + trimmed);
        }
        for (int i = 0; i < fields.length; i++) {
            for (String term : fields[i].toLowerCase().split(",")) {
                if (!TERM.matcher(term).matches() || !inRange(term, i)) {
                    return Optional.of("failed to parse " + fieldName(i) + " \"" + fields[i] + "\"");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean inRange(String term, int field) {
        String range = term.split("/")[0];
        if (range.equals("*") || range.equals("?")) {
            return true;
        }
        for (String bound : range.split("-")) {
            int value = value(bound, field);
            if (value < RANGES[field][0] || value > RANGES[field][1]) {
                return false;
            }
        }
        return true;
    }

    private static int value(String bound, int field) {
        if (field == 3 && MONTHS.contains(bound)) {
            return MONTHS.indexOf(bound) + 1;
        }
        if (field == 4 && DAYS.contains(bound)) {
            return DAYS.indexOf(bound);
        }
        try {
            return Integer.parseInt(bound);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String fieldName(int field) {
        return List.of("minute", "hour", "day of month", "month", "day of week").get(field);
    }
}

package io.kumos.placement.workloads.cronjob;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Go duration ({@code 1h30m}, {@code 90s}, {@code 1.5h}), as {@code @every} takes it. */
final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    static Duration parse(String text) {
        Matcher matcher = PART.matcher(text);
        int end = 0;
        double nanos = 0;
        while (matcher.find() && matcher.start() == end) {
            double value = Double.parseDouble(matcher.group(1));
            nanos += value * switch (matcher.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = matcher.end();
        }
        if (end == 0 || end != text.length()) {
            throw new CronSchedule.InvalidScheduleException("failed to parse duration @every " + text
                    + ": time: invalid duration \"" + text + "\"");
        }
        return Duration.ofNanos((long) nanos);
    }
}

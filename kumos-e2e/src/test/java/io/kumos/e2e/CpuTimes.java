package io.kumos.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** This machine's CPU time from {@code /proc/stat}: how busy its cores were between two readings. */
final class CpuTimes {

    private CpuTimes() {
    }

    /** The jiffies of the {@code cpu} line: user, nice, system, idle, iowait, irq, softirq, steal… */
    static long[] read() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).stream().filter(line -> line.startsWith("cpu "))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no cpu line in /proc/stat"));
            return Arrays.stream(cpu.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The part of the time between the readings that the cores were not idle (idle and iowait count as idle). */
    static double busyFraction(long[] before, long[] after) {
        long total = 0;
        long idle = 0;
        for (int i = 0; i < Math.min(8, Math.min(before.length, after.length)); i++) {
            long delta = after[i] - before[i];
            total += delta;
            if (i == 3 || i == 4) {
                idle += delta;
            }
        }
        return total == 0 ? 0 : (double) (total - idle) / total;
    }
}

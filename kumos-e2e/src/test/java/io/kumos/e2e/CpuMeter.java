package io.kumos.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time processes (each with its descendants) spend over a stretch of a benchmark. Unlike a rate, CPU per
 * request hardly depends on what else the machine is doing, so it is the figure to compare across runs on these
 * noisy machines: {@code start} before, {@code perRequest} after.
 */
final class CpuMeter {

    private final Map<String, ProcessHandle> processes;
    private final Map<String, Duration> before = new LinkedHashMap<>();

    private CpuMeter(Map<String, ProcessHandle> processes) {
        this.processes = processes;
        processes.forEach((name, process) -> before.put(name, cpu(process)));
    }

    /** Starts measuring these processes, by name; the map's order is the order of the figures. */
    static CpuMeter start(Map<String, ProcessHandle> processes) {
        return new CpuMeter(processes);
    }

    /** {@code name X.XX ms} for each process: the CPU it spent since the start, divided by {@code requests}. */
    String perRequest(int requests) {
        StringBuilder figures = new StringBuilder();
        processes.forEach((name, process) -> figures.append(String.format("%s %.2f ms  ", name,
                cpu(process).minus(before.get(name)).toNanos() / 1e6 / requests)));
        return figures.toString().trim();
    }

    /** A process's CPU and that of its live descendants (PostgreSQL serves each connection in a child). */
    private static Duration cpu(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }
}

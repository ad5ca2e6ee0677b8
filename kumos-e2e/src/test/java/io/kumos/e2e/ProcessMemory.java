package io.kumos.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Resident memory of processes, from {@code /proc/<pid>/status} (VmRSS). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** The resident memory of a process in MiB, or -1 if it is gone. */
    static double rssMib(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : status) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The resident memory of the descendants of a process, summed, in MiB. */
    static double descendantsRssMib(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::descendants).orElse(Stream.empty())
                .mapToDouble(child -> Math.max(0, rssMib(child.pid()))).sum();
    }

    /**
     * The resident memory of every process a {@code ./kumos up} recorded (its {@code run/} directory), by name, in
     * MiB; PostgreSQL's server (postmaster and backends, which run apart from the launcher recorded) is summed
     * apart as {@code postgres server} (their shared buffers counted in each).
     */
    static Map<String, Double> ofKumos(KumosCli kumos) throws IOException {
        Map<String, Double> memory = new LinkedHashMap<>();
        try (Stream<Path> records = Files.list(kumos.home().resolve("run"))) {
            // Beside each record "name" is "name.cmd", its command line.
            for (String name : records.map(record -> record.getFileName().toString())
                    .filter(name -> !name.endsWith(".cmd")).sorted().toList()) {
                long pid = kumos.pid(name).orElseThrow();
                memory.put(name, rssMib(pid));
                if (name.equals("postgres")) {
                    // The record is the launcher's; the server runs apart from it, as its pid file says.
                    long postmaster = Long.parseLong(Files.readAllLines(kumos.home()
                            .resolve("data/postgres/postmaster.pid")).get(0).trim());
                    memory.put("postgres server", rssMib(postmaster) + descendantsRssMib(postmaster));
                }
            }
        }
        return memory;
    }
}

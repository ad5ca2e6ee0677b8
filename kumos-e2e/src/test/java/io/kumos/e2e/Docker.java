package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kumos.testing.Command;

/** The docker CLI, for what the tests do behind Kumos' back (kill a container, look at what runs). */
final class Docker {

    private Docker() {
    }

    /** Runs {@code docker args…}, which must succeed; its output. */
    static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Command.Result result = Command.run(KumosCli.REPO, Map.of(), Duration.ofMinutes(1), command);
        assertEquals(0, result.exitCode(), result::toString);
        return result.output();
    }

    /**
     * The dockerd of this machine that the tests' engine is, if this process can see it: the pid in dockerd's pid
     * file ({@code /var/run/docker.pid}, or {@code $XDG_RUNTIME_DIR/docker.pid} for a rootless one) when that
     * process is a live dockerd, else the only dockerd running. Empty when the engine runs elsewhere (another
     * host, another PID namespace, as with a mounted socket) or when several run and none owns the pid file.
     */
    static Optional<ProcessHandle> enginePid() {
        List<Path> pidFiles = new ArrayList<>(List.of(Path.of("/var/run/docker.pid")));
        Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR"))
                .ifPresent(dir -> pidFiles.add(Path.of(dir, "docker.pid")));
        for (Path pidFile : pidFiles) {
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                Optional<ProcessHandle> engine = ProcessHandle.of(pid).filter(Docker::isDockerd);
                if (engine.isPresent()) {
                    return engine;
                }
            } catch (IOException | NumberFormatException e) {
                // no pid file here, or not one of dockerd's: look further
            }
        }
        List<ProcessHandle> running = ProcessHandle.allProcesses().filter(Docker::isDockerd).toList();
        return running.size() == 1 ? Optional.of(running.get(0)) : Optional.empty();
    }

    private static boolean isDockerd(ProcessHandle process) {
        return process.isAlive() && process.info().command().map(Path::of).map(Path::getFileName)
                .map(name -> name.toString().equals("dockerd")).orElse(false);
    }

    /** The ids of the containers with all these labels ({@code key=value}), running or not. */
    static List<String> containers(String... labels) {
        List<String> args = new ArrayList<>(List.of("ps", "-aq"));
        for (String label : labels) {
            args.add("--filter");
            args.add("label=" + label);
        }
        String ids = run(args.toArray(String[]::new)).trim();
        return ids.isEmpty() ? List.of() : List.of(ids.split("\\s+"));
    }
}

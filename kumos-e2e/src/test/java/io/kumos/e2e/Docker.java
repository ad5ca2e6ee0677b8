package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.kumos.testing.Command;

/**
 * When something does not come up, {@code ./kumos up} says which, shows the end of its log, stops what it had
 * started and exits non-zero.
 */
class KumosUpFailureE2EIT {

    private KumosCli kumos;

    @AfterEach
    void nothingLeftBehind() {
        kumos.run("down");
        assertEquals(List.of(), kumos.processesUsingHome());
    }

    /**
     * A grid still starting after KUMOS_GRID_STUCK_AFTER is taken for stuck: its threads and log are kept and it
     * is started again, once; one never ready in time shows its log tail and its threads, and is rolled back.
     */
    @Test
    void notReadyInTimeShowsTheLogTailAndThreadsAndRollsBack() throws Exception {
        kumos = new KumosCli("e2e-timeout").fresh().withEnv("KUMOS_READY_TIMEOUT", "6")
                .withEnv("KUMOS_GRID_STUCK_AFTER", "2");
        Command.Result up = kumos.run("up");
        assertEquals(1, up.exitCode(), up::toString);
        assertTrue(up.output().contains("grid has not finished starting in 2s"), up::toString);
        assertTrue(up.output().contains("kumos: grid was not ready within 6s"), up::toString);
        assertTrue(up.output().contains("Last lines of " + kumos.home().resolve("logs/grid.log")), up::toString);
        assertTrue(up.output().contains("kumos: threads of grid"), up::toString);
        assertTrue(up.output().contains("\"main\""), up::toString);
        assertTrue(up.output().contains("Stopping what was started"), up::toString);
        assertEquals(List.of(), kumos.processesUsingHome());
        try (Stream<Path> logs = Files.list(kumos.home().resolve("logs"))) {
            List<Path> kept = logs.filter(file -> file.getFileName().toString().startsWith("grid.stuck-")).toList();
            assertEquals(2, kept.size(), kept::toString);
            Path threads = kept.stream().filter(file -> file.toString().endsWith(".threads")).findFirst().orElseThrow();
            assertTrue(Files.readString(threads).contains("\"main\""), threads::toString);
        }
    }

    @Test
    void aServiceThatDiesAtStartShowsItsLogTailAndRollsBack() {
        kumos = new KumosCli("e2e-crash").fresh().withEnv("KUMOS_JAVA_OPTS", "-Xmx1k");
        Command.Result up = kumos.run("up");
        assertEquals(1, up.exitCode(), up::toString);
        assertTrue(up.output().contains("kumos: api-gateway exited during start-up"), up::toString);
        // The tail of the service's own log: here, the JVM refusing the heap size.
        assertTrue(up.output().contains("Too small maximum heap"), up::toString);
        assertEquals(List.of(), kumos.processesUsingHome());
    }
}

package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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

    @Test
    void notReadyInTimeShowsTheLogTailAndRollsBack() {
        kumos = new KumosCli("e2e-timeout").fresh().withEnv("KUMOS_READY_TIMEOUT", "1");
        Command.Result up = kumos.run("up");
        assertEquals(1, up.exitCode(), up::toString);
        assertTrue(up.output().contains("kumos: grid was not ready within 1s"), up::toString);
        assertTrue(up.output().contains("Last lines of " + kumos.home().resolve("logs/grid.log")), up::toString);
        assertTrue(up.output().contains("Stopping what was started"), up::toString);
        assertEquals(List.of(), kumos.processesUsingHome());
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

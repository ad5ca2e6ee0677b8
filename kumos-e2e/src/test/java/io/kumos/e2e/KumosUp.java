package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import io.kumos.testing.Command;

/** Tests that need a running Kumos: one {@code ./kumos up} before the class, {@code ./kumos down} after it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KumosUp {

    protected final KumosCli kumos;

    protected KumosUp(String home) {
        this.kumos = new KumosCli(home).fresh();
    }

    @BeforeAll
    void up() {
        Command.Result up = kumos.run("up");
        assertEquals(0, up.exitCode(), up::toString);
    }

    @AfterAll
    void down() {
        kumos.run("down");
    }
}

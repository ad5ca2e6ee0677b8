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
    private final String[] upArguments;

    /** @param upArguments what {@code ./kumos up} is given besides "up", e.g. {@code --nodes 3} */
    protected KumosUp(String home, String... upArguments) {
        this(new KumosCli(home), upArguments);
    }

    /** @param kumos a Kumos with settings of its own ({@link KumosCli#withEnv}), not started yet */
    protected KumosUp(KumosCli kumos, String... upArguments) {
        this.kumos = kumos.fresh();
        this.upArguments = upArguments;
    }

    @BeforeAll
    void up() {
        String[] command = new String[upArguments.length + 1];
        command[0] = "up";
        System.arraycopy(upArguments, 0, command, 1, upArguments.length);
        Command.Result up = kumos.run(command);
        assertEquals(0, up.exitCode(), up::toString);
    }

    @AfterAll
    void down() {
        kumos.run("down");
    }
}

package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;

/** No Docker engine is not a crash: the control plane comes up, the node agent stays up and says what is wrong. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoDockerEngineE2EIT {

    static final String MISSING_SOCKET = "unix:///tmp/kumos-e2e-no-docker-here.sock";

    private final KumosCli kumos = new KumosCli("e2e-no-docker").fresh()
            .withEnv("KUMOS_AGENT_DOCKER_HOST", MISSING_SOCKET);

    @AfterAll
    void down() {
        kumos.run("down");
        assertEquals(List.of(), kumos.processesUsingHome());
    }

    @Test
    void upSucceedsAndNamesTheSocketItTried() {
        Command.Result up = kumos.run("up");
        assertEquals(0, up.exitCode(), up::toString);
        assertTrue(up.output().contains("node-agent-1 is up but NOT READY"), up::toString);
        assertTrue(up.output().contains("Docker engine not reachable at " + MISSING_SOCKET), up::toString);
        assertTrue(up.output().contains("api-gateway ready"), up::toString);

        String status = kumos.run("status").output();
        assertTrue(status.matches("(?s).*node-agent-1 \\(kumos-node-1\\)\\s+\\d+\\s+\\d+\\s+not ready: Docker engine.*"),
                status);
        assertTrue(status.matches("(?s).*api-gateway\\s+\\d+\\s+\\d+\\s+ready.*"), status);

        Command.Result readyz = Kubectl.version("1.33").run(kumos.kubeconfig(), "get", "--raw", "/readyz");
        assertEquals("ok", readyz.output().trim(), readyz::toString);
        assertEquals(200, KumosCli.get(KumosCli.AGENT_PORT_BASE, "/q/health/live").statusCode());
    }
}

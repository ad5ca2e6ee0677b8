package io.kumos.agent.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Where the node's commands run: in the agent's own namespace on a real host (no {@code kumos.agent.netns}), in the
 * named namespace standing for the node's host on one machine.
 */
class NodeNamespaceTest {

    @Test
    void withoutANamespaceCommandsRunInTheAgentsOwn() throws IOException {
        String agents = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();

        String commands = new NodeNamespace(Optional.empty()).run("readlink", "/proc/self/ns/net").trim();

        assertEquals(agents, commands);
    }

    @Test
    void withANamespaceCommandsRunInsideIt() {
        NodeNamespace node = new NodeNamespace(Optional.of("kumos-test-no-such-node"));

        NodeNamespace.CommandFailure failure = assertThrows(NodeNamespace.CommandFailure.class,
                () -> node.run("true"));

        assertTrue(failure.getMessage().startsWith("ip netns exec kumos-test-no-such-node true: exit "),
                failure.getMessage());
    }
}

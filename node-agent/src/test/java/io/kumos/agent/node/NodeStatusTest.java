package io.kumos.agent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class NodeStatusTest {

    private static final NodeStatus.Host HOST = new NodeStatus.Host(2, 4L * 1024 * 1024 * 1024, "20.10.24",
            "Debian GNU/Linux 12", "6.1.0", "x86_64", "id");
    private static final NodeStatus.Reserved RESERVED = new NodeStatus.Reserved(100, 256, 110);

    @Test
    void allocatableIsCapacityLessWhatIsReserved() {
        JsonNode status = NodeStatus.of(HOST, RESERVED, "127.0.0.1", "n1", 7450, "0.1.0", "", null,
                Instant.parse("2026-11-27T00:00:00Z"));
        assertEquals("2", status.at("/capacity/cpu").asText());
        assertEquals("4194304Ki", status.at("/capacity/memory").asText());
        assertEquals("1900m", status.at("/allocatable/cpu").asText());
        assertEquals((4194304 - 256 * 1024) + "Ki", status.at("/allocatable/memory").asText());
        assertEquals("amd64", status.at("/nodeInfo/architecture").asText());
        assertEquals("docker://20.10.24", status.at("/nodeInfo/containerRuntimeVersion").asText());
        assertEquals(7450, status.at("/daemonEndpoints/kubeletEndpoint/Port").asInt());
        assertEquals("True", status.at("/conditions/3/status").asText());
        assertEquals("Ready", status.at("/conditions/3/type").asText());
    }

    @Test
    void withoutTheEngineTheNodeIsNotReadyAndKeepsItsCapacity() {
        Instant first = Instant.parse("2026-11-27T00:00:00Z");
        JsonNode ready = NodeStatus.of(HOST, RESERVED, "127.0.0.1", "n1", 7450, "0.1.0", "", null, first);
        JsonNode down = NodeStatus.of(null, RESERVED, "127.0.0.1", "n1", 7450, "0.1.0", "no socket", ready,
                first.plusSeconds(10));
        assertEquals("False", down.at("/conditions/3/status").asText());
        assertEquals("container runtime is down: no socket", down.at("/conditions/3/message").asText());
        assertEquals("2", down.at("/capacity/cpu").asText());
        assertEquals(first.plusSeconds(10).toString(), down.at("/conditions/3/lastTransitionTime").asText());
        assertEquals(first.toString(), down.at("/conditions/0/lastTransitionTime").asText(),
                "a condition that did not change keeps its transition time");
    }

    @Test
    void architecturesAreGoNames() {
        assertEquals("arm64", NodeStatus.goArchitecture("aarch64"));
        assertEquals("amd64", NodeStatus.goArchitecture("x86_64"));
    }
}

package io.kumos.agent.pods;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.agent.probes.Prober;

/** Pods and fake containers for the planner's tables: plain values, as the engine and the API would give them. */
final class PodFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final PodRef REF = new PodRef("default", "web", "u-1");

    private PodFixtures() {
    }

    /** JSON with single quotes. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pod of {@code web} with these init and app containers (JSON objects, comma-separated) and this policy. */
    static JsonNode pod(String policy, String initContainers, String containers) {
        return json("{'metadata':{'name':'web','namespace':'default','uid':'u-1'},'spec':{'restartPolicy':'"
                + policy + "','initContainers':[" + initContainers + "],'containers':[" + containers + "]}}");
    }

    static JsonNode spec(JsonNode pod, String list, int index) {
        return pod.path("spec").path(list).get(index);
    }

    static RuntimeContainer sandbox(int attempt, String state) {
        return new RuntimeContainer("sb" + attempt, REF, ContainerLabels.SANDBOX_NAME, ContainerLabels.Type.SANDBOX,
                attempt, state, 0, false, "", NOW.minusSeconds(60), null, "pause", "sha256:p", "10.244.0.7");
    }

    static RuntimeContainer running(ContainerLabels.Type type, String name, int attempt) {
        return new RuntimeContainer(id(name, attempt), REF, name, type, attempt, "running", 0, false, "",
                NOW.minusSeconds(30), null, "img:1", "sha256:1", "");
    }

    /** A container that exited {@code secondsAgo} with this code. */
    static RuntimeContainer exited(ContainerLabels.Type type, String name, int attempt, long code, long secondsAgo) {
        return new RuntimeContainer(id(name, attempt), REF, name, type, attempt, "exited", code, false, "",
                NOW.minusSeconds(secondsAgo + 5), NOW.minusSeconds(secondsAgo), "img:1", "sha256:1", "");
    }

    /** A container created but not started. */
    static RuntimeContainer created(ContainerLabels.Type type, String name, int attempt) {
        return new RuntimeContainer(id(name, attempt), REF, name, type, attempt, "created", 0, false, "", null, null,
                "img:1", "sha256:1", "");
    }

    static String id(String name, int attempt) {
        return name + "-" + attempt;
    }

    static PodSnapshot snapshot(JsonNode pod, PodMemory memory, RuntimeContainer... containers) {
        return new PodSnapshot(pod, List.of(containers), memory, Map.of(), NOW);
    }

    static PodSnapshot snapshot(JsonNode pod, PodMemory memory, Map<String, Prober.Verdict> verdicts,
            RuntimeContainer... containers) {
        return new PodSnapshot(pod, List.of(containers), memory, verdicts, NOW);
    }
}

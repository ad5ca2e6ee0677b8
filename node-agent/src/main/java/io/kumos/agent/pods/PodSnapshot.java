package io.kumos.agent.pods;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.probes.Prober;

/**
 * What a pass knows of one pod as it begins, as plain values: the pod as the API has it, its containers as the
 * engine listed them, what the agent remembers of it, its running containers' probe verdicts, and the time. The
 * planner decides from this alone, so that a table of snapshots tests every decision without an engine or an API.
 */
final class PodSnapshot {

    private final JsonNode pod;
    private final PodRef ref;
    private final List<RuntimeContainer> containers;
    private final Map<String, List<RuntimeContainer>> byName;
    private final PodMemory memory;
    private final Map<String, Prober.Verdict> verdicts;
    private final Instant now;

    /**
     * @param memory   read only by the planner; the runner alone changes it
     * @param verdicts by container id; a container missing here has not been probed
     */
    PodSnapshot(JsonNode pod, List<RuntimeContainer> containers, PodMemory memory,
            Map<String, Prober.Verdict> verdicts, Instant now) {
        this.pod = pod;
        this.ref = PodRef.of(pod);
        this.containers = List.copyOf(containers);
        this.memory = memory;
        this.verdicts = Map.copyOf(verdicts);
        this.now = now;
        this.byName = containers.stream().collect(Collectors.groupingBy(c -> key(c.type(), c.name()),
                Collectors.collectingAndThen(Collectors.toList(), list -> {
                    list.sort(Comparator.comparingInt(RuntimeContainer::attempt).reversed());
                    return List.copyOf(list);
                })));
    }

    private static String key(ContainerLabels.Type type, String name) {
        return type + "/" + name;
    }

    JsonNode pod() {
        return pod;
    }

    PodRef ref() {
        return ref;
    }

    /** Every container of the pod, sandboxes included. */
    List<RuntimeContainer> containers() {
        return containers;
    }

    PodMemory memory() {
        return memory;
    }

    Instant now() {
        return now;
    }

    /** The attempts of one container of the pod, newest first. */
    List<RuntimeContainer> attempts(ContainerLabels.Type type, String name) {
        return byName.getOrDefault(key(type, name), List.of());
    }

    /** The newest attempt of one container, or {@code null} if none was created. */
    RuntimeContainer latest(ContainerLabels.Type type, String name) {
        List<RuntimeContainer> attempts = attempts(type, name);
        return attempts.isEmpty() ? null : attempts.get(0);
    }

    List<RuntimeContainer> sandboxes() {
        return attempts(ContainerLabels.Type.SANDBOX, ContainerLabels.SANDBOX_NAME);
    }

    /** The pod's restart policy, {@code Always} when it has none. */
    String policy() {
        return pod.path("spec").path("restartPolicy").asText("Always");
    }

    boolean deleting() {
        return pod.path("metadata").has("deletionTimestamp");
    }

    Prober.Verdict verdict(String containerId) {
        return verdicts.getOrDefault(containerId, Prober.Verdict.NOT_WATCHED);
    }
}

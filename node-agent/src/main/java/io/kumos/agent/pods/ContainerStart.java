package io.kumos.agent.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.AgentConfig;
import io.kumos.agent.api.ObjectReads;

/**
 * Carries out {@link PodStep.RunContainer}: the image per pull policy (a failed pull is remembered for the image
 * back-off), the environment (ConfigMaps and Secrets read as {@link ObjectReads} does), then create and start in the pass's
 * sandbox, each told as the kubelet's Events tell it. A failure leaves the container waiting with the failure's
 * reason until a later pass creates it. Blocking: pod workers only.
 */
@ApplicationScoped
class ContainerStart {

    private final ContainerLauncher launcher;
    private final RuntimeContainers runtime;
    private final ObjectReads reads;
    private final AgentConfig config;
    private final Clock clock = Clock.systemUTC();

    ContainerStart(ContainerLauncher launcher, RuntimeContainers runtime, ObjectReads reads, AgentConfig config) {
        this.launcher = launcher;
        this.runtime = runtime;
        this.reads = reads;
        this.config = config;
    }

    void run(PodRun run, PodStep.RunContainer step) {
        String name = step.name();
        String image = step.spec().path("image").asText();
        String fieldPath = PodStep.Emit.fieldPath(step.type(), name);
        PodMemory memory = run.memory();
        try {
            Instant pullStart = clock.instant();
            boolean pulled = pullOrFail(run, step.spec(), name, image);
            run.event("Normal", "Pulled", pulled ? "Successfully pulled image \"" + image + "\" in "
                    + Duration.between(pullStart, clock.instant()).toMillis() + "ms"
                    : "Container image \"" + image + "\" already present on machine", fieldPath);
            String id = launcher.create(step.spec(), run.ref(), step.type(), step.attempt(), run.sandbox().id(),
                    env(run, step.spec()));
            memory.failures.remove(name);
            memory.lastEvent.remove(name);
            run.event("Normal", "Created", "Created container " + name, fieldPath);
            Optional<String> refused = launcher.start(id);
            runtime.forget(id);
            if (refused.isPresent()) {
                run.event("Warning", "Failed", "Error: failed to start container \"" + name + "\": "
                        + refused.get(), fieldPath);
            } else {
                run.event("Normal", "Started", "Started container " + name, fieldPath);
            }
            if (step.attempt() == 0 && step.type() == ContainerLabels.Type.APP) {
                memory.restarts(name);
            }
        } catch (ContainerLauncher.LaunchFailure failure) {
            memory.failures.put(name, new ContainerView.Waiting(failure.reason, failure.getMessage()));
            run.eventOnce(new PodStep.EmitOnce(name, "Warning", "Failed", "Error: "
                    + (failure.reason.startsWith("ErrImage") ? failure.reason : failure.getMessage())));
        }
    }

    /** Pulls per policy; a failed pull is remembered for the image back-off. */
    private boolean pullOrFail(PodRun run, JsonNode container, String name, String image) {
        Instant now = run.pass().now();
        try {
            boolean pulled = launcher.ensureImage(container);
            run.memory().pullFailures.remove(name);
            return pulled;
        } catch (ContainerLauncher.LaunchFailure failure) {
            if (failure.reason.equals("ErrImagePull")) {
                run.memory().pulls(name).restarted(now);
                run.memory().pullFailures.put(name, now);
                run.event("Warning", "Failed", "Failed to pull image \"" + image + "\": " + failure.getMessage(),
                        null);
            }
            throw failure;
        }
    }

    private Map<String, String> env(PodRun run, JsonNode container) {
        PodRef pod = run.ref();
        try {
            return ContainerEnv.resolve(run.pass().pod(), container, run.sandbox().ip(), config.advertiseAddress(),
                    (resource, object) -> reads.namespaced(resource, pod.namespace(), object));
        } catch (ContainerEnv.ConfigError e) {
            throw new ContainerLauncher.LaunchFailure("CreateContainerConfigError", e.getMessage());
        }
    }
}

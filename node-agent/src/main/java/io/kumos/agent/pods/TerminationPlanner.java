package io.kumos.agent.pods;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A pod being deleted, as the kubelet's {@code killPod}: on the first pass its grace period starts and each running
 * container's {@code preStop} hook with it; a container gets SIGTERM once its hook has ended (or at once without
 * one); when nothing runs any more, or the grace period is over, everything of the pod is removed (SIGKILL to what
 * still runs) and the deletion is confirmed. The hooks run on the probe workers and wake the pod when they end, so
 * a pass never waits for one: a hook started in this pass is looked at again on the next. Pure.
 */
final class TerminationPlanner {

    private TerminationPlanner() {
    }

    static List<PodStep> plan(PodSnapshot pass) {
        List<PodStep> steps = new ArrayList<>();
        List<RuntimeContainer> running = pass.containers().stream()
                .filter(c -> c.type() != ContainerLabels.Type.SANDBOX && c.running()).toList();
        Instant deadline = pass.memory().terminationDeadline;
        Set<String> hooksStarting = new HashSet<>();
        if (deadline == null) {
            long grace = pass.pod().path("metadata").path("deletionGracePeriodSeconds").asLong(
                    pass.pod().path("spec").path("terminationGracePeriodSeconds").asLong(30));
            deadline = pass.now().plusSeconds(grace);
            steps.add(new PodStep.BeginTermination(deadline));
            for (RuntimeContainer container : running) {
                begin(pass, container, grace, steps).ifPresent(hooksStarting::add);
            }
        }
        for (RuntimeContainer container : running) {
            CompletableFuture<Boolean> hook = pass.memory().preStopHooks.get(container.id());
            if (hooksStarting.contains(container.id()) || hook != null && !hook.isDone()
                    || pass.memory().stopSignalled.contains(container.id())) {
                continue;
            }
            if (hook != null && !hook.join()) {
                steps.add(new PodStep.Emit("Warning", "FailedPreStopHook", "PreStop hook for container "
                        + container.name() + " failed or did not end within the grace period",
                        fieldPath(container)));
            }
            steps.add(new PodStep.Stop(container.id()));
        }
        if (running.isEmpty() || !pass.now().isBefore(deadline)) {
            steps.add(new PodStep.RemoveAll(pass.containers()));
            steps.add(new PodStep.ConfirmDeletion());
        }
        return steps;
    }

    /** Tells that a running container is stopped, and starts its {@code preStop} hook; the id when it has one. */
    private static Optional<String> begin(PodSnapshot pass, RuntimeContainer container, long grace,
            List<PodStep> steps) {
        steps.add(new PodStep.Emit("Normal", "Killing", "Stopping container " + container.name(),
                fieldPath(container)));
        JsonNode spec = containerSpec(pass.pod(), container.name());
        JsonNode preStop = spec.path("lifecycle").path("preStop");
        if (preStop.isMissingNode() || grace <= 0) {
            return Optional.empty();
        }
        steps.add(new PodStep.RunPreStopHook(container.id(), preStop,
                pass.pod().path("status").path("podIP").asText(""), spec.path("ports"), Duration.ofSeconds(grace)));
        return Optional.of(container.id());
    }

    private static String fieldPath(RuntimeContainer container) {
        return PodStep.Emit.fieldPath(ContainerLabels.Type.APP, container.name());
    }

    private static JsonNode containerSpec(JsonNode pod, String name) {
        for (JsonNode container : pod.path("spec").path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        return MissingNode.getInstance();
    }
}

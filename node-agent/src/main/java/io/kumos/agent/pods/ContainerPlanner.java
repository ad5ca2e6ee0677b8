package io.kumos.agent.pods;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The next steps of a pod's containers, once it has a sandbox: its init containers one after the other, each run to
 * success (a failed one is run again unless the policy is {@code Never}, and nothing after it runs meanwhile); then
 * every app container, kept under its probes while it runs and restarted per the pod's policy ({@code Always}, or
 * {@code OnFailure} after a failure) once it finished, each restart after the kubelet's {@link Backoff}. A pass never
 * waits: a back-off that has not expired leaves the container waiting ({@code CrashLoopBackOff},
 * {@code ImagePullBackOff}) for a later pass to look at again. Pure.
 */
final class ContainerPlanner {

    private ContainerPlanner() {
    }

    static void plan(PodSnapshot pass, List<PodStep> steps) {
        if (initContainers(pass, steps)) {
            appContainers(pass, steps);
        }
    }

    /** The steps of the first init container not yet succeeded; whether they all have. */
    private static boolean initContainers(PodSnapshot pass, List<PodStep> steps) {
        for (JsonNode init : pass.pod().path("spec").path("initContainers")) {
            RuntimeContainer current = pass.latest(ContainerLabels.Type.INIT, init.path("name").asText());
            if (current != null && current.succeeded()) {
                continue;
            }
            if (current == null || current.finished() && !pass.policy().equals("Never")) {
                advance(pass, init, ContainerLabels.Type.INIT, current, steps);
            } else if (!current.running() && !current.finished()) {
                steps.add(new PodStep.StartCreated(current.id()));
            }
            return false;
        }
        return true;
    }

    private static void appContainers(PodSnapshot pass, List<PodStep> steps) {
        for (JsonNode container : pass.pod().path("spec").path("containers")) {
            RuntimeContainer current = pass.latest(ContainerLabels.Type.APP, container.path("name").asText());
            if (current == null) {
                advance(pass, container, ContainerLabels.Type.APP, null, steps);
            } else if (current.running()) {
                probe(pass, container, current, steps);
            } else if (current.finished()) {
                steps.add(new PodStep.StopProbing(current.id()));
                boolean restart = pass.policy().equals("Always")
                        || pass.policy().equals("OnFailure") && !current.succeeded();
                if (restart) {
                    advance(pass, container, ContainerLabels.Type.APP, current, steps);
                }
            } else {
                // Created but not started (the agent stopped in between): start it now.
                steps.add(new PodStep.StartCreated(current.id()));
            }
        }
    }

    /**
     * A container's first attempt, or its next one once the back-off allows; the attempt before it is kept (for
     * {@code logs --previous}), older ones go.
     */
    private static void advance(PodSnapshot pass, JsonNode container, ContainerLabels.Type type,
            RuntimeContainer current, List<PodStep> steps) {
        String name = container.path("name").asText();
        int attempt = 0;
        if (current != null) {
            Instant finished = current.finishedAt() != null ? current.finishedAt()
                    : pass.memory().firstSeenFinished.get(current.id());
            if (finished == null) {
                finished = pass.now();
                steps.add(new PodStep.NoteFinished(current.id(), finished));
            }
            Backoff backoff = pass.memory().restarts.getOrDefault(name, new Backoff());
            if (pass.now().isBefore(backoff.readyAt(finished, pass.now()))) {
                String pod = pass.ref().name() + "_" + pass.ref().namespace() + "(" + pass.ref().uid() + ")";
                wait(pass, name, new ContainerView.Waiting("CrashLoopBackOff", "back-off "
                        + backoff.delay().toSeconds() + "s restarting failed container=" + name + " pod=" + pod),
                        "Warning", "Back-off restarting failed container " + name + " in pod " + pod, steps);
                return;
            }
            steps.add(new PodStep.CountRestart(name));
            attempt = current.attempt() + 1;
            pass.attempts(type, name).stream().skip(1)
                    .forEach(old -> steps.add(new PodStep.RemoveContainer(old.id())));
        }
        Instant pullFailed = pass.memory().pullFailures.get(name);
        Backoff pulls = pass.memory().pulls.getOrDefault(name, new Backoff());
        if (pullFailed != null && pass.now().isBefore(pulls.readyAt(pullFailed, pass.now()))) {
            String message = "Back-off pulling image \"" + container.path("image").asText() + "\"";
            wait(pass, name, new ContainerView.Waiting("ImagePullBackOff", message), "Normal", message, steps);
            return;
        }
        steps.add(new PodStep.RunContainer(container, type, attempt));
    }

    /** The container waits; its {@code BackOff} Event is told when it differs from the container's last. */
    private static void wait(PodSnapshot pass, String name, ContainerView.Waiting waiting, String eventType,
            String eventMessage, List<PodStep> steps) {
        steps.add(new PodStep.Wait(name, waiting));
        PodStep.EmitOnce event = new PodStep.EmitOnce(name, eventType, "BackOff", eventMessage);
        if (!event.key().equals(pass.memory().lastEvent.get(name))) {
            steps.add(event);
        }
    }

    /** A running container stays under its probes; one that failed its liveness probe is killed, to restart. */
    private static void probe(PodSnapshot pass, JsonNode container, RuntimeContainer current, List<PodStep> steps) {
        String name = container.path("name").asText();
        boolean wasReady = false;
        for (JsonNode status : pass.pod().path("status").path("containerStatuses")) {
            if (status.path("containerID").asText().equals("docker://" + current.id())) {
                wasReady = status.path("ready").asBoolean(false);
            }
        }
        steps.add(new PodStep.Probe(container, current.id(), wasReady));
        if (!pass.verdict(current.id()).live()) {
            String fieldPath = PodStep.Emit.fieldPath(ContainerLabels.Type.APP, name);
            steps.add(new PodStep.Emit("Warning", "Unhealthy", "Liveness probe failed", fieldPath));
            steps.add(new PodStep.Emit("Normal", "Killing", "Container " + name
                    + " failed liveness probe, will be restarted", fieldPath));
            steps.add(new PodStep.KillUnhealthy(name, current.id()));
        }
    }
}

package io.kumos.agent.pods;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One step of a pod's lifecycle: the value {@link PodPlanner} decides and {@link PodStepRunner} carries out with
 * the engine, the prober and the api-gateway. Steps are level-triggered, as the kubelet's are: a step that fails or
 * that time has not come for yet is decided again, or not, on a later pass.
 */
sealed interface PodStep {

    /** The pod's running sandbox holds its network: the containers of this pass go into it. */
    record UseSandbox(RuntimeContainer sandbox) implements PodStep {
    }

    /**
     * Creates and starts a sandbox (the pod's address and network namespace). When it fails, the rest of the pass's
     * lifecycle steps are skipped and the pod waits with the failure's reason.
     *
     * @param replacing the dead sandbox it replaces, or {@code null} for the pod's first
     */
    record StartSandbox(int attempt, RuntimeContainer replacing) implements PodStep {
    }

    /** Removes a container, running or not. */
    record RemoveContainer(String id) implements PodStep {
    }

    /** Removes a sandbox, taken off the pod network first. */
    record RemoveSandbox(String id) implements PodStep {
    }

    /** A pod done for good gives back its sandboxes, port-forward sockets and address; its containers stay. */
    record ReleaseSandbox(List<String> sandboxIds) implements PodStep {
    }

    /** Starts a container the agent created but did not get to start. */
    record StartCreated(String id) implements PodStep {
    }

    /** Remembers when a finished container the engine gives no finish time for was first seen finished. */
    record NoteFinished(String id, Instant at) implements PodStep {
    }

    /** A container waits (a back-off) and its status says why, until it is created. */
    record Wait(String container, ContainerView.Waiting waiting) implements PodStep {
    }

    /** Counts a restart of a container at the pass's time, lengthening its next back-off. */
    record CountRestart(String container) implements PodStep {
    }

    /**
     * Pulls the container's image per its pull policy, resolves its environment, creates and starts it in the
     * sandbox; a failure of any of these leaves the container waiting with the failure's reason.
     */
    record RunContainer(JsonNode spec, ContainerLabels.Type type, int attempt) implements PodStep {

        String name() {
            return spec.path("name").asText();
        }
    }

    /**
     * Keeps a running container under its probes.
     *
     * @param wasReady whether the API last saw it ready (an agent that restarts does not flap adopted pods)
     */
    record Probe(JsonNode spec, String id, boolean wasReady) implements PodStep {
    }

    /** Stops probing a container that finished. */
    record StopProbing(String id) implements PodStep {
    }

    /** Kills a container that failed its liveness probe, so that it is restarted per the pod's policy. */
    record KillUnhealthy(String container, String id) implements PodStep {
    }

    /** Begins a pod's termination: its grace period ends at {@code deadline}. */
    record BeginTermination(Instant deadline) implements PodStep {
    }

    /** Runs a container's {@code preStop} hook on the probe workers, within the grace period. */
    record RunPreStopHook(String id, JsonNode handler, String podIp, JsonNode ports, Duration grace)
            implements PodStep {
    }

    /** Sends SIGTERM to a container of a pod being deleted (once). */
    record Stop(String id) implements PodStep {
    }

    /** Removes every container of a pod being deleted, its sandboxes, and gives its address back. */
    record RemoveAll(List<RuntimeContainer> containers) implements PodStep {
    }

    /** Confirms the pod's deletion to the API (with a grace period of 0, only this uid). */
    record ConfirmDeletion() implements PodStep {
    }

    /** An Event about the pod, or about one of its containers when {@code fieldPath} is not {@code null}. */
    record Emit(String type, String reason, String message, String fieldPath) implements PodStep {

        /** The field path of a container of the pod, as the kubelet names an Event's object. */
        static String fieldPath(ContainerLabels.Type type, String container) {
            return (type == ContainerLabels.Type.INIT ? "spec.initContainers{" : "spec.containers{") + container
                    + "}";
        }
    }

    /** An Event about a container that differs from its last one, remembered so that it is not repeated. */
    record EmitOnce(String container, String type, String reason, String message) implements PodStep {

        String key() {
            return reason + ":" + message;
        }
    }

    /** Writes the pod's status (a merge patch conditional on the pod's uid). */
    record WriteStatus(ObjectNode status) implements PodStep {
    }
}

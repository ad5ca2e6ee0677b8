package io.kumos.agent.pods;

import java.util.ArrayList;
import java.util.List;

/**
 * One pass of one pod as it is carried out: the snapshot it was planned from, the sandbox its containers go into
 * (found or started by an earlier step of the pass), and the Events it tells, recorded together at its end.
 * Only the pod's own worker touches it.
 */
final class PodRun {

    private final PodSnapshot pass;
    private final Runnable wake;
    private final List<PodStep.Emit> events = new ArrayList<>();
    private RuntimeContainer sandbox;

    /** @param wake asks for another pass of this pod soon (a probe verdict changed, a hook ended) */
    PodRun(PodSnapshot pass, Runnable wake) {
        this.pass = pass;
        this.wake = wake;
    }

    PodSnapshot pass() {
        return pass;
    }

    PodMemory memory() {
        return pass.memory();
    }

    PodRef ref() {
        return pass.ref();
    }

    Runnable wake() {
        return wake;
    }

    /** The sandbox of this pass; a step that needs it comes after the one that found or started it. */
    RuntimeContainer sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("pod " + pass.ref() + ": a container step was planned before its sandbox");
        }
        return sandbox;
    }

    void sandbox(RuntimeContainer sandbox) {
        this.sandbox = sandbox;
    }

    /** The pod's address: its sandbox's, when this pass has one running. */
    String podIp() {
        return sandbox == null ? "" : sandbox.ip();
    }

    void event(String type, String reason, String message, String fieldPath) {
        events.add(new PodStep.Emit(type, reason, message, fieldPath));
    }

    /** Tells a container's Event unless it is the same as its last one. */
    void eventOnce(PodStep.EmitOnce event) {
        if (!event.key().equals(memory().lastEvent.put(event.container(), event.key()))) {
            event(event.type(), event.reason(), event.message(),
                    PodStep.Emit.fieldPath(ContainerLabels.Type.APP, event.container()));
        }
    }

    List<PodStep.Emit> events() {
        return events;
    }
}

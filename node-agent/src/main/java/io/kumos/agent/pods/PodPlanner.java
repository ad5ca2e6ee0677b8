package io.kumos.agent.pods;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one pass does for one pod bound to this node, the kubelet's {@code computePodActions}: a pod being deleted
 * terminates ({@link TerminationPlanner}); a pod the API says is done gives back its sandbox; any other pod gets a
 * running sandbox (a new one, the pod starting over, when it died) and then its containers' next steps
 * ({@link ContainerPlanner}), unless every container is done for good. Pure: a {@link PodSnapshot} in, steps out, so
 * that each decision is tested on its own; {@link PodStepRunner} carries them out.
 */
final class PodPlanner {

    private PodPlanner() {
    }

    /** The pod's lifecycle steps for this pass, in order; none when there is nothing to do. */
    static List<PodStep> plan(PodSnapshot pass) {
        if (pass.deleting()) {
            return TerminationPlanner.plan(pass);
        }
        if (ContainerViews.terminal(pass.pod().path("status"))) {
            return release(pass);
        }
        if (finished(pass)) {
            return List.of();
        }
        List<PodStep> steps = new ArrayList<>();
        sandbox(pass, steps);
        ContainerPlanner.plan(pass, steps);
        return steps;
    }

    /**
     * The steps after the lifecycle's, given the status they lead to: a pod now done for good gives back its
     * sandbox, and the status is written when it differs from the one last written (or, after an agent restart,
     * the API's). A pod being deleted, or that the API has as done, gets no status from this node any more.
     */
    static List<PodStep> settle(PodSnapshot pass, ObjectNode status) {
        if (pass.deleting() || ContainerViews.terminal(pass.pod().path("status"))) {
            return List.of();
        }
        List<PodStep> steps = new ArrayList<>();
        if (ContainerViews.terminal(status)) {
            steps.addAll(release(pass));
        }
        JsonNode written = pass.memory().writtenStatus != null ? pass.memory().writtenStatus
                : pass.pod().path("status");
        if (!status.equals(written)) {
            steps.add(new PodStep.WriteStatus(status));
        }
        return steps;
    }

    /** Whether every container is done for good (never with {@code Always}), so the pod needs its sandbox no more. */
    private static boolean finished(PodSnapshot pass) {
        return !pass.policy().equals("Always")
                && ContainerViews.terminal(ContainerViews.status(pass, "", "", pass::verdict));
    }

    /** A pod that is done for good keeps its containers (for their logs) but not its sandbox and address. */
    private static List<PodStep> release(PodSnapshot pass) {
        List<RuntimeContainer> sandboxes = pass.sandboxes();
        if (sandboxes.isEmpty()) {
            return List.of();
        }
        return List.of(new PodStep.ReleaseSandbox(sandboxes.stream().map(RuntimeContainer::id).toList()));
    }

    /**
     * The running sandbox, else a new one. A sandbox that died under the pod took its containers' network with it:
     * they and every old sandbox go, and the pod starts over around the new one.
     */
    private static void sandbox(PodSnapshot pass, List<PodStep> steps) {
        RuntimeContainer sandbox = pass.latest(ContainerLabels.Type.SANDBOX, ContainerLabels.SANDBOX_NAME);
        if (sandbox != null && sandbox.running()) {
            steps.add(new PodStep.UseSandbox(sandbox));
            return;
        }
        int attempt = 0;
        if (sandbox != null) {
            for (RuntimeContainer container : pass.containers()) {
                if (container.type() != ContainerLabels.Type.SANDBOX && container.running()) {
                    steps.add(new PodStep.RemoveContainer(container.id()));
                }
            }
            pass.sandboxes().forEach(old -> steps.add(new PodStep.RemoveSandbox(old.id())));
            attempt = sandbox.attempt() + 1;
            steps.add(new PodStep.Emit("Normal", "SandboxChanged",
                    "Pod sandbox changed, it will be killed and re-created.", null));
        }
        steps.add(new PodStep.StartSandbox(attempt, sandbox));
    }
}

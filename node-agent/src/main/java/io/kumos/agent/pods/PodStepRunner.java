package io.kumos.agent.pods;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kumos.agent.probes.Prober;

/**
 * Carries out the steps {@link PodPlanner} decided, in their order, with the engine ({@link ContainerLauncher}),
 * the pod network, the prober and the api-gateway; the only place a step's result (a started sandbox, a failed
 * launch) is known, remembered in the pod's {@link PodMemory} for the next pass to decide from. Blocking: pod
 * workers only, one pass of a pod at a time.
 */
@ApplicationScoped
class PodStepRunner {

    private static final Logger LOG = Logger.getLogger(PodStepRunner.class);

    private final ContainerLauncher launcher;
    private final RuntimeContainers runtime;
    private final PodNetwork network;
    private final Prober prober;
    private final ContainerStart containers;
    private final PodApiWrites writes;

    PodStepRunner(ContainerLauncher launcher, RuntimeContainers runtime, PodNetwork network, Prober prober,
            ContainerStart containers, PodApiWrites writes) {
        this.launcher = launcher;
        this.runtime = runtime;
        this.network = network;
        this.prober = prober;
        this.containers = containers;
        this.writes = writes;
    }

    /**
     * Runs a pass's lifecycle steps. A launch failure that escapes a step (the sandbox's: a container's own is kept
     * on the container) ends them: nothing can run without a sandbox, and the pod waits with the failure's reason.
     */
    void lifecycle(PodRun run, List<PodStep> steps) {
        try {
            steps.forEach(step -> run(run, step));
        } catch (ContainerLauncher.LaunchFailure e) {
            sandboxFailed(run, e);
        }
    }

    /** Runs steps that cannot fail a launch (the status's, the release of a sandbox). */
    void run(PodRun run, List<PodStep> steps) {
        steps.forEach(step -> run(run, step));
    }

    private void run(PodRun run, PodStep step) {
        if (step instanceof PodStep.UseSandbox use) {
            run.sandbox(use.sandbox());
        } else if (step instanceof PodStep.StartSandbox start) {
            run.sandbox(startSandbox(run, start));
        } else if (step instanceof PodStep.RemoveContainer remove) {
            launcher.remove(remove.id());
        } else if (step instanceof PodStep.RemoveSandbox remove) {
            launcher.removeSandbox(remove.id());
        } else if (step instanceof PodStep.ReleaseSandbox release) {
            release.sandboxIds().forEach(launcher::removeSandbox);
            releaseAddress(run.ref().uid());
        } else if (step instanceof PodStep.StartCreated created) {
            launcher.start(created.id());
            runtime.forget(created.id());
        } else if (step instanceof PodStep.NoteFinished finished) {
            run.memory().firstSeenFinished.putIfAbsent(finished.id(), finished.at());
        } else if (step instanceof PodStep.Wait wait) {
            run.memory().failures.put(wait.container(), wait.waiting());
        } else if (step instanceof PodStep.CountRestart restart) {
            run.memory().restarts(restart.container()).restarted(run.pass().now());
        } else if (step instanceof PodStep.RunContainer container) {
            containers.run(run, container);
        } else {
            runProbeOrTermination(run, step);
        }
    }

    private void runProbeOrTermination(PodRun run, PodStep step) {
        if (step instanceof PodStep.Probe probe) {
            prober.watch(probe.id(), probe.spec(), run.sandbox().ip(), probe.wasReady(), run.wake());
        } else if (step instanceof PodStep.StopProbing stop) {
            prober.stop(Set.of(stop.id()));
        } else if (step instanceof PodStep.KillUnhealthy kill) {
            LOG.infof("Pod %s: container %s failed its liveness probe; restarting it", run.ref(), kill.container());
            kill(kill.id());
        } else if (step instanceof PodStep.BeginTermination begin) {
            run.memory().terminationDeadline = begin.deadline();
        } else if (step instanceof PodStep.RunPreStopHook hook) {
            run.memory().preStopHooks.put(hook.id(), prober.hook(hook.id(), hook.handler(), hook.podIp(),
                    hook.ports(), hook.grace(), run.wake()));
        } else if (step instanceof PodStep.Stop stop) {
            run.memory().stopSignalled.add(stop.id());
            launcher.signal(stop.id(), "SIGTERM");
            runtime.forget(stop.id());
        } else if (step instanceof PodStep.RemoveAll all) {
            removeAll(run.ref().uid(), all.containers());
        } else if (step instanceof PodStep.ConfirmDeletion) {
            writes.confirmDeletion(run.ref());
        } else if (step instanceof PodStep.Emit emit) {
            run.event(emit.type(), emit.reason(), emit.message(), emit.fieldPath());
        } else if (step instanceof PodStep.EmitOnce emit) {
            run.eventOnce(emit);
        } else if (step instanceof PodStep.WriteStatus write) {
            writes.writeStatus(run, write.status());
        } else {
            throw new IllegalArgumentException("no runner for step " + step);
        }
    }

    private RuntimeContainer startSandbox(PodRun run, PodStep.StartSandbox start) {
        if (start.replacing() != null) {
            LOG.infof("Pod %s: sandbox %s is %s; starting the pod over in a new one", run.ref(),
                    start.replacing().id(), start.replacing().state());
        }
        String ip;
        String bridge;
        String subnet;
        try {
            subnet = network.ensure();
            bridge = network.name();
            ip = network.addressOf(run.ref(), subnet);
        } catch (RuntimeException e) {
            throw new ContainerLauncher.LaunchFailure("CreatePodSandboxError",
                    "Failed to create pod sandbox: no pod address: " + e.getMessage());
        }
        String id = launcher.startSandbox(run.pass().pod(), run.ref(), start.attempt(), bridge, ip, subnet);
        runtime.forget(id);
        RuntimeContainer started = runtime.of(run.ref().uid()).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new ContainerLauncher.LaunchFailure("CreatePodSandboxError",
                        "the sandbox " + id + " vanished as it started"));
        run.memory().failures.remove(ContainerLabels.SANDBOX_NAME);
        return started;
    }

    private void sandboxFailed(PodRun run, ContainerLauncher.LaunchFailure failure) {
        ContainerView.Waiting waiting = new ContainerView.Waiting(failure.reason, failure.getMessage());
        if (!waiting.equals(run.memory().failures.put(ContainerLabels.SANDBOX_NAME, waiting))) {
            LOG.warnf("Pod %s: %s", run.ref(), failure.getMessage());
            run.event("Warning", "FailedCreatePodSandBox", failure.getMessage(), null);
        }
    }

    /** Kills one container at once (a failed liveness probe, fencing), and stops probing it. */
    void kill(String id) {
        prober.stop(Set.of(id));
        launcher.signal(id, "SIGKILL");
        runtime.forget(id);
    }

    /** Removes every container of a pod and gives its address back: a deleted pod, or one not bound here. */
    void removeAll(String podUid, List<RuntimeContainer> containers) {
        Set<String> ids = new HashSet<>();
        containers.forEach(container -> ids.add(container.id()));
        prober.stop(ids);
        for (RuntimeContainer container : containers) {
            if (container.type() != ContainerLabels.Type.SANDBOX) {
                launcher.remove(container.id());
            }
        }
        containers.stream().filter(c -> c.type() == ContainerLabels.Type.SANDBOX)
                .forEach(sandbox -> launcher.removeSandbox(sandbox.id()));
        releaseAddress(podUid);
    }

    private void releaseAddress(String podUid) {
        launcher.releaseForwardSockets(podUid);
        network.release(podUid);
    }
}

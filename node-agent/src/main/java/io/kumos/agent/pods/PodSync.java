package io.kumos.agent.pods;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.agent.AgentConfig;
import io.kumos.agent.probes.Prober;

/**
 * One pass over one pod bound to this node, the kubelet's {@code syncPod}: the pod and its containers are taken as
 * a {@link PodSnapshot}, {@link PodPlanner} decides the lifecycle's next steps (sandbox, init containers in order,
 * containers, restarts after back-off, liveness kills, graceful termination) and {@link PodStepRunner} carries them
 * out; then the status they lead to is written if it changed, and the pass's Events are recorded. A pass never waits
 * for a container: a step that takes time (a grace period, a back-off) is decided again on a later pass.
 */
@ApplicationScoped
public class PodSync {

    private final PodStepRunner runner;
    private final PodApiWrites writes;
    private final Prober prober;
    private final AgentConfig config;
    private final Clock clock = Clock.systemUTC();

    PodSync(PodStepRunner runner, PodApiWrites writes, Prober prober, AgentConfig config) {
        this.runner = runner;
        this.writes = writes;
        this.prober = prober;
        this.config = config;
    }

    /**
     * Syncs a pod bound to this node.
     *
     * @param wake asks for another pass of this pod soon (a probe verdict changed)
     */
    void sync(JsonNode pod, List<RuntimeContainer> containers, PodMemory memory, Runnable wake) {
        Map<String, Prober.Verdict> verdicts = new HashMap<>();
        containers.stream().filter(RuntimeContainer::running)
                .forEach(container -> verdicts.put(container.id(), prober.verdict(container.id())));
        PodSnapshot pass = new PodSnapshot(pod, containers, memory, verdicts, clock.instant());
        PodRun run = new PodRun(pass, wake);
        runner.lifecycle(run, PodPlanner.plan(pass));
        // The prober's verdicts now: a container it started watching in this pass has its first.
        ObjectNode status = ContainerViews.status(pass, run.podIp(), config.advertiseAddress(), prober::verdict);
        runner.run(run, PodPlanner.settle(pass, status));
        writes.recordEvents(run);
    }

    /** Kills one container at once (fencing), and stops probing it. */
    void kill(RuntimeContainer container) {
        runner.kill(container.id());
    }

    /** Removes every container of a pod and gives its address back: a deleted pod, or one not bound here. */
    void removeAll(String podUid, List<RuntimeContainer> containers) {
        runner.removeAll(podUid, containers);
    }
}

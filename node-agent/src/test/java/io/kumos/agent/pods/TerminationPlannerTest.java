package io.kumos.agent.pods;

import static io.kumos.agent.pods.PodFixtures.NOW;
import static io.kumos.agent.pods.PodFixtures.json;
import static io.kumos.agent.pods.PodFixtures.running;
import static io.kumos.agent.pods.PodFixtures.sandbox;
import static io.kumos.agent.pods.PodFixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.pods.ContainerLabels.Type;
import io.kumos.agent.pods.PodStep.BeginTermination;
import io.kumos.agent.pods.PodStep.ConfirmDeletion;
import io.kumos.agent.pods.PodStep.Emit;
import io.kumos.agent.pods.PodStep.RemoveAll;
import io.kumos.agent.pods.PodStep.RunPreStopHook;
import io.kumos.agent.pods.PodStep.Stop;

/** A pod being deleted: grace period, preStop hooks, SIGTERM once, then removal and the confirmed deletion. */
class TerminationPlannerTest {

    private static final RuntimeContainer SANDBOX = sandbox(0, "running");
    private static final RuntimeContainer MAIN = running(Type.APP, "main", 0);
    private static final String KILLING = "Stopping container main";
    private static final String FIELD = "spec.containers{main}";

    private final PodMemory memory = new PodMemory();

    private static JsonNode deleted(String grace, String container) {
        return json("{'metadata':{'name':'web','namespace':'default','uid':'u-1','deletionTimestamp':'x'" + grace
                + "},'spec':{'containers':[" + container + "]},'status':{'podIP':'10.244.0.7'}}");
    }

    @Test
    void theFirstPassStartsTheGracePeriodAndStopsAContainerWithoutAHook() {
        JsonNode pod = deleted("", "{'name':'main','image':'img:1'}");
        assertEquals(List.of(new BeginTermination(NOW.plusSeconds(30)), new Emit("Normal", "Killing", KILLING, FIELD),
                new Stop(MAIN.id())), TerminationPlanner.plan(snapshot(pod, memory, SANDBOX, MAIN)));
    }

    @Test
    void aPreStopHookRunsBeforeTheSignalWithinTheDeletionsGracePeriod() {
        JsonNode pod = deleted(",'deletionGracePeriodSeconds':12",
                "{'name':'main','image':'img:1','ports':[{'containerPort':80}],"
                        + "'lifecycle':{'preStop':{'exec':{'command':['drain']}}}}");
        JsonNode spec = pod.path("spec").path("containers").get(0);
        assertEquals(List.of(new BeginTermination(NOW.plusSeconds(12)), new Emit("Normal", "Killing", KILLING, FIELD),
                new RunPreStopHook(MAIN.id(), spec.path("lifecycle").path("preStop"), "10.244.0.7",
                        spec.path("ports"), Duration.ofSeconds(12))),
                TerminationPlanner.plan(snapshot(pod, memory, SANDBOX, MAIN)));

        memory.terminationDeadline = NOW.plusSeconds(12);
        CompletableFuture<Boolean> hook = new CompletableFuture<>();
        memory.preStopHooks.put(MAIN.id(), hook);
        assertEquals(List.of(), TerminationPlanner.plan(snapshot(pod, memory, SANDBOX, MAIN)), "the hook runs");
        hook.complete(false);
        assertEquals(List.of(new Emit("Warning", "FailedPreStopHook", "PreStop hook for container main failed or "
                + "did not end within the grace period", FIELD), new Stop(MAIN.id())),
                TerminationPlanner.plan(snapshot(pod, memory, SANDBOX, MAIN)));
    }

    @Test
    void noGracePeriodRunsNoHookAndRemovesEverythingAtOnce() {
        JsonNode pod = deleted(",'deletionGracePeriodSeconds':0",
                "{'name':'main','image':'img:1','lifecycle':{'preStop':{'sleep':{'seconds':5}}}}");
        assertEquals(List.of(new BeginTermination(NOW), new Emit("Normal", "Killing", KILLING, FIELD),
                new Stop(MAIN.id()), new RemoveAll(List.of(SANDBOX, MAIN)), new ConfirmDeletion()),
                TerminationPlanner.plan(snapshot(pod, memory, SANDBOX, MAIN)));
    }

    @Test
    void aSignalledContainerIsWaitedForUntilTheGracePeriodEnds() {
        JsonNode pod = deleted("", "{'name':'main','image':'img:1'}");
        memory.stopSignalled.add(MAIN.id());
        memory.terminationDeadline = NOW.plusSeconds(1);
        assertEquals(List.of(), TerminationPlanner.plan(snapshot(pod, memory, SANDBOX, MAIN)));
        memory.terminationDeadline = NOW;
        assertEquals(List.of(new RemoveAll(List.of(SANDBOX, MAIN)), new ConfirmDeletion()),
                TerminationPlanner.plan(snapshot(pod, memory, SANDBOX, MAIN)));
    }

    @Test
    void aPodWithNothingRunningIsRemovedAndItsDeletionConfirmed() {
        JsonNode pod = deleted("", "{'name':'main','image':'img:1'}");
        RuntimeContainer done = PodFixtures.exited(Type.APP, "main", 0, 0, 5);
        assertEquals(List.of(new BeginTermination(NOW.plusSeconds(30)), new RemoveAll(List.of(SANDBOX, done)),
                new ConfirmDeletion()), PodPlanner.plan(snapshot(pod, memory, SANDBOX, done)));
    }
}

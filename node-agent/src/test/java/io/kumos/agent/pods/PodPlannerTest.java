package io.kumos.agent.pods;

import static io.kumos.agent.pods.PodFixtures.exited;
import static io.kumos.agent.pods.PodFixtures.json;
import static io.kumos.agent.pods.PodFixtures.pod;
import static io.kumos.agent.pods.PodFixtures.running;
import static io.kumos.agent.pods.PodFixtures.sandbox;
import static io.kumos.agent.pods.PodFixtures.snapshot;
import static io.kumos.agent.pods.PodFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.agent.pods.ContainerLabels.Type;
import io.kumos.agent.pods.PodStep.Emit;
import io.kumos.agent.pods.PodStep.Probe;
import io.kumos.agent.pods.PodStep.ReleaseSandbox;
import io.kumos.agent.pods.PodStep.RemoveContainer;
import io.kumos.agent.pods.PodStep.RemoveSandbox;
import io.kumos.agent.pods.PodStep.RunContainer;
import io.kumos.agent.pods.PodStep.StartSandbox;
import io.kumos.agent.pods.PodStep.StopProbing;
import io.kumos.agent.pods.PodStep.WriteStatus;

/** A pod's sandbox, a pod the API has as done, and the status written after the lifecycle's steps. */
class PodPlannerTest {

    private static final String MAIN = "{'name':'main','image':'img:1'}";

    private final PodMemory memory = new PodMemory();

    @Test
    void aNewPodGetsASandboxThenItsContainers() {
        JsonNode pod = pod("Always", "", MAIN);
        assertEquals(List.of(new StartSandbox(0, null), new RunContainer(spec(pod, "containers", 0), Type.APP, 0)),
                PodPlanner.plan(snapshot(pod, memory)));
    }

    @Test
    void aDeadSandboxIsReplacedAndThePodStartsOverAroundTheNewOne() {
        JsonNode pod = pod("Always", "", MAIN + ",{'name':'side','image':'img:1'}");
        RuntimeContainer older = sandbox(0, "exited");
        RuntimeContainer dead = sandbox(1, "exited");
        RuntimeContainer main = running(Type.APP, "main", 0);
        RuntimeContainer side = exited(Type.APP, "side", 0, 0, 60);
        // The containers are decided from the pass's snapshot, as before the split: the running one removed here is
        // seen gone, and restarted, on the next pass.
        assertEquals(List.of(new RemoveContainer(main.id()), new RemoveSandbox(dead.id()),
                new RemoveSandbox(older.id()),
                new Emit("Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.", null),
                new StartSandbox(2, dead),
                new Probe(spec(pod, "containers", 0), main.id(), false),
                new StopProbing(side.id()), new PodStep.CountRestart("side"),
                new RunContainer(spec(pod, "containers", 1), Type.APP, 1)),
                PodPlanner.plan(snapshot(pod, memory, older, main, dead, side)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Succeeded", "Failed"})
    void aPodTheApiHasAsDoneGivesBackItsSandboxOnly(String phase) {
        ObjectNode pod = (ObjectNode) pod("Never", "", MAIN);
        pod.set("status", json("{'phase':'" + phase + "'}"));
        RuntimeContainer main = exited(Type.APP, "main", 0, 0, 60);
        assertEquals(List.of(new ReleaseSandbox(List.of("sb1", "sb0"))),
                PodPlanner.plan(snapshot(pod, memory, sandbox(0, "exited"), sandbox(1, "running"), main)));
        assertEquals(List.of(), PodPlanner.plan(snapshot(pod, memory, main)), "no sandbox left to give back");
        assertEquals(List.of(), PodPlanner.settle(snapshot(pod, memory, main),
                (ObjectNode) json("{'phase':'Running'}")), "no status from this node any more");
    }

    @Test
    void aChangedStatusIsWrittenAndAnUnchangedOneIsNot() {
        JsonNode pod = pod("Always", "", MAIN);
        PodSnapshot pass = snapshot(pod, memory, sandbox(0, "running"));
        ObjectNode status = (ObjectNode) json("{'phase':'Pending'}");
        assertEquals(List.of(new WriteStatus(status)), PodPlanner.settle(pass, status));
        memory.writtenStatus = status.deepCopy();
        assertEquals(List.of(), PodPlanner.settle(pass, status));
    }

    @Test
    void aPodThatFinishesInThisPassGivesBackItsSandboxAndWritesItsStatus() {
        JsonNode pod = pod("Never", "", MAIN);
        PodSnapshot pass = snapshot(pod, memory, sandbox(0, "running"), exited(Type.APP, "main", 0, 0, 1));
        ObjectNode status = (ObjectNode) json("{'phase':'Succeeded'}");
        assertEquals(List.of(new ReleaseSandbox(List.of("sb0")), new WriteStatus(status)),
                PodPlanner.settle(pass, status));
    }

    @Test
    void theStatusOfASandboxThatCouldNotStartSaysWhy() {
        memory.failures.put(ContainerLabels.SANDBOX_NAME, new ContainerView.Waiting("CreatePodSandboxError", "no"));
        JsonNode status = ContainerViews.status(snapshot(pod("Always", "", MAIN), memory), "", "", id -> null);
        assertEquals("CreatePodSandboxError",
                status.path("containerStatuses").get(0).path("state").path("waiting").path("reason").asText());
    }
}

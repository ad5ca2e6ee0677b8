package io.kumos.agent.pods;

import static io.kumos.agent.pods.PodFixtures.NOW;
import static io.kumos.agent.pods.PodFixtures.created;
import static io.kumos.agent.pods.PodFixtures.exited;
import static io.kumos.agent.pods.PodFixtures.id;
import static io.kumos.agent.pods.PodFixtures.pod;
import static io.kumos.agent.pods.PodFixtures.running;
import static io.kumos.agent.pods.PodFixtures.sandbox;
import static io.kumos.agent.pods.PodFixtures.snapshot;
import static io.kumos.agent.pods.PodFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.pods.ContainerLabels.Type;
import io.kumos.agent.pods.PodStep.CountRestart;
import io.kumos.agent.pods.PodStep.Emit;
import io.kumos.agent.pods.PodStep.EmitOnce;
import io.kumos.agent.pods.PodStep.KillUnhealthy;
import io.kumos.agent.pods.PodStep.NoteFinished;
import io.kumos.agent.pods.PodStep.Probe;
import io.kumos.agent.pods.PodStep.RemoveContainer;
import io.kumos.agent.pods.PodStep.RunContainer;
import io.kumos.agent.pods.PodStep.StartCreated;
import io.kumos.agent.pods.PodStep.StopProbing;
import io.kumos.agent.pods.PodStep.UseSandbox;
import io.kumos.agent.pods.PodStep.Wait;
import io.kumos.agent.probes.Prober;

/** The steps of a pod's containers once it has a running sandbox: restart policies, back-offs, init containers. */
class ContainerPlannerTest {

    private static final RuntimeContainer SANDBOX = sandbox(0, "running");
    private static final String MAIN = "{'name':'main','image':'img:1'}";
    private static final String SIDE = "{'name':'side','image':'img:1'}";
    private static final String FIRST = "{'name':'first','image':'init:1'}";
    private static final String SECOND = "{'name':'second','image':'init:1'}";
    private static final String POD_NAME = "web_default(u-1)";

    private final PodMemory memory = new PodMemory();

    private static List<PodStep> steps(PodStep... steps) {
        List<PodStep> all = new ArrayList<>();
        all.add(new UseSandbox(SANDBOX));
        all.addAll(List.of(steps));
        return all;
    }

    @Test
    void aNewContainerIsRunAndARunningOneIsProbed() {
        JsonNode pod = pod("Always", "", MAIN + "," + SIDE);
        RuntimeContainer side = running(Type.APP, "side", 0);
        assertEquals(steps(new RunContainer(spec(pod, "containers", 0), Type.APP, 0),
                new Probe(spec(pod, "containers", 1), side.id(), false)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, side)));
    }

    @Test
    void aContainerTheApiSawReadyStaysSoForItsProbes() {
        JsonNode pod = pod("Always", "", MAIN);
        ((com.fasterxml.jackson.databind.node.ObjectNode) pod).set("status", PodFixtures.json(
                "{'phase':'Running','containerStatuses':[{'name':'main','containerID':'docker://main-0','ready':true}]}"));
        assertEquals(steps(new Probe(spec(pod, "containers", 0), "main-0", true)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, running(Type.APP, "main", 0))));
    }

    /** {@code main} exited with {@code code}; {@code side} still runs, so the pod is not done. */
    @ParameterizedTest(name = "{0}, exit {1}: restarted {2}")
    @CsvSource({
        "Always,    0, true",
        "Always,    1, true",
        "OnFailure, 0, false",
        "OnFailure, 1, true",
        "Never,     0, false",
        "Never,     1, false"})
    void anExitedContainerIsRestartedPerThePodsPolicy(String policy, long code, boolean restarted) {
        JsonNode pod = pod(policy, "", MAIN + "," + SIDE);
        RuntimeContainer main = exited(Type.APP, "main", 0, code, 60);
        RuntimeContainer side = running(Type.APP, "side", 0);
        List<PodStep> expected = new ArrayList<>(steps(new StopProbing(main.id())));
        if (restarted) {
            expected.add(new CountRestart("main"));
            expected.add(new RunContainer(spec(pod, "containers", 0), Type.APP, 1));
        }
        expected.add(new Probe(spec(pod, "containers", 1), side.id(), false));
        assertEquals(expected, PodPlanner.plan(snapshot(pod, memory, SANDBOX, main, side)));
    }

    @ParameterizedTest(name = "{0}, exit {1}")
    @CsvSource({"OnFailure, 0", "Never, 0", "Never, 1"})
    void aPodWhoseContainersAreDoneForGoodHasNoSteps(String policy, long code) {
        JsonNode pod = pod(policy, "", MAIN);
        assertEquals(List.of(), PodPlanner.plan(snapshot(pod, memory, SANDBOX, exited(Type.APP, "main", 0, code, 60))));
    }

    @Test
    void aRestartWaitsForTheBackOff() {
        memory.restarts("main").restarted(NOW.minusSeconds(20));
        JsonNode pod = pod("Always", "", MAIN);
        RuntimeContainer main = exited(Type.APP, "main", 1, 1, 5);
        assertEquals(steps(new StopProbing(main.id()),
                new Wait("main", new ContainerView.Waiting("CrashLoopBackOff",
                        "back-off 10s restarting failed container=main pod=" + POD_NAME)),
                new EmitOnce("main", "Warning", "BackOff",
                        "Back-off restarting failed container main in pod " + POD_NAME)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, main)));
    }

    @Test
    void theBackOffEventIsToldOnlyWhenItChanged() {
        memory.restarts("main").restarted(NOW.minusSeconds(20));
        memory.lastEvent.put("main", "BackOff:Back-off restarting failed container main in pod " + POD_NAME);
        JsonNode pod = pod("Always", "", MAIN);
        RuntimeContainer main = exited(Type.APP, "main", 1, 1, 5);
        assertEquals(steps(new StopProbing(main.id()), new Wait("main", new ContainerView.Waiting(
                "CrashLoopBackOff", "back-off 10s restarting failed container=main pod=" + POD_NAME))),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, main)));
    }

    @Test
    void anExpiredBackOffRestartsKeepingOnlyThePreviousAttempt() {
        memory.restarts("main").restarted(NOW.minusSeconds(30));
        JsonNode pod = pod("Always", "", MAIN);
        RuntimeContainer first = exited(Type.APP, "main", 0, 1, 40);
        RuntimeContainer second = exited(Type.APP, "main", 1, 1, 35);
        RuntimeContainer third = exited(Type.APP, "main", 2, 1, 11);
        assertEquals(steps(new StopProbing(third.id()), new CountRestart("main"),
                new RemoveContainer(second.id()), new RemoveContainer(first.id()),
                new RunContainer(spec(pod, "containers", 0), Type.APP, 3)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, first, third, second)));
    }

    @Test
    void aContainerWithoutAFinishTimeIsTimedFromWhenItWasFirstSeenFinished() {
        memory.restarts("main").restarted(NOW.minusSeconds(30));
        JsonNode pod = pod("Always", "", MAIN);
        RuntimeContainer main = new RuntimeContainer("main-0", PodFixtures.REF, "main", Type.APP, 0, "dead", 137,
                false, "", null, null, "img:1", "sha256:1", "");
        List<PodStep> steps = PodPlanner.plan(snapshot(pod, memory, SANDBOX, main));
        assertEquals(new NoteFinished("main-0", NOW), steps.get(2));
        assertEquals(Wait.class, steps.get(3).getClass(), "finished just now, so within its 10 s back-off");

        memory.firstSeenFinished.put("main-0", NOW.minusSeconds(11));
        assertEquals(steps(new StopProbing("main-0"), new CountRestart("main"),
                new RunContainer(spec(pod, "containers", 0), Type.APP, 1)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, main)));
    }

    @Test
    void aFailedPullWaitsForItsBackOffThenPullsAgain() {
        memory.pulls("main").restarted(NOW.minusSeconds(5));
        memory.pullFailures.put("main", NOW.minusSeconds(5));
        JsonNode pod = pod("Always", "", MAIN);
        String message = "Back-off pulling image \"img:1\"";
        assertEquals(steps(new Wait("main", new ContainerView.Waiting("ImagePullBackOff", message)),
                new EmitOnce("main", "Normal", "BackOff", message)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX)));

        memory.pullFailures.put("main", NOW.minusSeconds(10));
        assertEquals(steps(new RunContainer(spec(pod, "containers", 0), Type.APP, 0)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX)));
    }

    @Test
    void aContainerCreatedButNotStartedIsStarted() {
        JsonNode pod = pod("Always", "", MAIN);
        assertEquals(steps(new StartCreated(id("main", 2))),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, created(Type.APP, "main", 2))));
    }

    @Test
    void aContainerThatFailedItsLivenessProbeIsKilled() {
        JsonNode pod = pod("Always", "", MAIN);
        RuntimeContainer main = running(Type.APP, "main", 0);
        String field = "spec.containers{main}";
        assertEquals(steps(new Probe(spec(pod, "containers", 0), main.id(), false),
                new Emit("Warning", "Unhealthy", "Liveness probe failed", field),
                new Emit("Normal", "Killing", "Container main failed liveness probe, will be restarted", field),
                new KillUnhealthy("main", main.id())),
                PodPlanner.plan(snapshot(pod, memory, Map.of(main.id(), new Prober.Verdict(true, true, false)),
                        SANDBOX, main)));
    }

    @Test
    void aChangedImageDoesNotRestartARunningContainer() {
        // As today: the agent compares no container hash; a new image is used by the container's next attempt.
        JsonNode pod = pod("Always", "", "{'name':'main','image':'img:2'}");
        RuntimeContainer main = running(Type.APP, "main", 0);
        assertEquals(steps(new Probe(spec(pod, "containers", 0), main.id(), false)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, main)));
    }

    @Test
    void initContainersRunOneAfterTheOtherBeforeAnyContainer() {
        JsonNode pod = pod("Always", FIRST + "," + SECOND, MAIN);
        assertEquals(steps(new RunContainer(spec(pod, "initContainers", 0), Type.INIT, 0)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX)));
        RuntimeContainer first = running(Type.INIT, "first", 0);
        assertEquals(steps(), PodPlanner.plan(snapshot(pod, memory, SANDBOX, first)), "first still runs");
        RuntimeContainer firstDone = exited(Type.INIT, "first", 0, 0, 1);
        assertEquals(steps(new RunContainer(spec(pod, "initContainers", 1), Type.INIT, 0)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, firstDone)));
        RuntimeContainer secondDone = exited(Type.INIT, "second", 0, 0, 1);
        assertEquals(steps(new RunContainer(spec(pod, "containers", 0), Type.APP, 0)),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, firstDone, secondDone)));
    }

    @Test
    void anInitContainerCreatedButNotStartedIsStarted() {
        JsonNode pod = pod("Always", FIRST, MAIN);
        assertEquals(steps(new StartCreated(id("first", 0))),
                PodPlanner.plan(snapshot(pod, memory, SANDBOX, created(Type.INIT, "first", 0))));
    }

    /** The first init container failed; the second and the app container wait for it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Always, true", "OnFailure, true", "Never, false"})
    void aFailedInitContainerIsRunAgainUnlessThePolicyIsNever(String policy, boolean again) {
        JsonNode pod = pod(policy, FIRST + "," + SECOND, MAIN);
        RuntimeContainer first = exited(Type.INIT, "first", 0, 2, 60);
        List<PodStep> expected = again
                ? steps(new CountRestart("first"), new RunContainer(spec(pod, "initContainers", 0), Type.INIT, 1))
                : List.of(); // the pod failed: no sandbox, nothing runs
        assertEquals(expected, PodPlanner.plan(snapshot(pod, memory, SANDBOX, first)));
    }
}

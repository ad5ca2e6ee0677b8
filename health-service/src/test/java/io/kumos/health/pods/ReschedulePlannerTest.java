package io.kumos.health.pods;

import static io.kumos.health.pods.PodObjects.JSON;
import static io.kumos.health.pods.PodObjects.RS_UID;
import static io.kumos.health.pods.PodObjects.T0;
import static io.kumos.health.pods.PodObjects.avoiding;
import static io.kumos.health.pods.PodObjects.condition;
import static io.kumos.health.pods.PodObjects.node;
import static io.kumos.health.pods.PodObjects.pod;
import static io.kumos.health.pods.PodObjects.restarts;
import static io.kumos.health.pods.PodObjects.standalone;
import static io.kumos.health.pods.PodObjects.waiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.health.pods.ReschedulePlanner.Announce;
import io.kumos.health.pods.ReschedulePlanner.Avoid;
import io.kumos.health.pods.ReschedulePlanner.Reschedule;
import io.kumos.health.pods.ReschedulePlanner.Step;

/** The rescheduler's decisions with a fixed clock, fed through the real {@link FailureMemory}. */
class ReschedulePlannerTest {

    private static final ReschedulePlanner.Policy POLICY = new ReschedulePlanner.Policy(3, Duration.ofMinutes(10),
            Duration.ofMinutes(2), Duration.ofMinutes(10));

    private final FailureMemory memory = new FailureMemory(POLICY.window());
    private final Set<String> announced = new HashSet<>();
    private final ObjectNode sibling = pod("web-2", "b", true, 0);

    /** One pass: the memory sees the pods, the planner decides. */
    private ReschedulePlanner.Plan pass(List<? extends JsonNode> nodes, List<? extends JsonNode> pods, Instant now) {
        memory.observe(List.copyOf(pods), now);
        return ReschedulePlanner.plan(new ReschedulePlanner.Snapshot(List.copyOf(nodes), List.copyOf(pods),
                memory.seen(), announced, now, POLICY));
    }

    private static <T extends Step> List<T> steps(ReschedulePlanner.Plan plan, Class<T> type) {
        return plan.steps().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Restarts of web-1 on node a seen at these seconds after T0 (one per instant), then a pass at {@code now}. */
    private ReschedulePlanner.Plan crashLoop(List<ObjectNode> nodes, Instant now, int... seconds) {
        ObjectNode failing = pod("web-1", "a", false, 0);
        pass(nodes, List.of(failing, sibling), T0);
        for (int i = 0; i < seconds.length; i++) {
            pass(nodes, List.of(restarts(failing, i + 1), sibling), T0.plusSeconds(seconds[i]));
        }
        return pass(nodes, List.of(restarts(failing, seconds.length), sibling), now);
    }

    @Test
    void aPodRestartingInTheWindowWhileItsSiblingIsReadyElsewhereGetsItsNodeAvoidedThenIsEvicted() throws Exception {
        Instant now = T0.plusSeconds(80);
        ReschedulePlanner.Plan first = crashLoop(List.of(node("a", "True"), node("b", "True")), now, 10, 40, 80);

        assertEquals(List.of(), steps(first, Reschedule.class), "not before the node carries the entry");
        Avoid avoid = steps(first, Avoid.class).get(0);
        assertEquals("a", avoid.node().at("/metadata/name").asText());
        JsonNode entry = JSON.readTree(avoid.annotation()).at("/preferAvoidPods/0");
        assertEquals(JSON.readTree("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-abc\","
                + "\"uid\":\"uid-rs\",\"controller\":true}"), entry.at("/podSignature/podController"));
        assertEquals("2025-01-01T10:01:20Z", entry.path("evictionTime").asText());
        assertEquals("KumosHealthRescheduled", entry.path("reason").asText());
        assertEquals(List.of("ReplicaSet web-abc"), avoid.added());
        assertEquals(1, first.avoidedNodes());

        ObjectNode carrying = avoiding(node("a", "True"), avoid.annotation());
        ReschedulePlanner.Plan second = pass(List.of(carrying, node("b", "True")),
                List.of(restarts(pod("web-1", "a", false, 0), 3), sibling), now.plusSeconds(1));
        assertEquals(List.of(), steps(second, Avoid.class));
        Reschedule reschedule = steps(second, Reschedule.class).get(0);
        assertEquals("web-1", reschedule.pod().at("/metadata/name").asText());
        assertEquals("Container main restarted 3 times in 1m11s on node a while ReplicaSet web-abc runs healthily "
                + "on b; evicting the pod so it is replaced on another node", reschedule.why());
        assertEquals(false, reschedule.resumed());
    }

    @Test
    void restartsOutsideTheWindowDoNotCount() {
        List<ObjectNode> nodes = List.of(node("a", "True"), node("b", "True"));
        assertEquals(List.of(), crashLoop(nodes, T0.plusSeconds(11 * 60), 1, 9 * 60, 11 * 60).steps(),
                "the first restart is older than ten minutes");
        assertEquals(1, crashLoop(nodes, T0.plusSeconds(11 * 60), 100, 9 * 60, 11 * 60).steps().size());
    }

    @Test
    void aRestartCountFirstSeenHighIsABaselineNotRecentRestarts() {
        List<ObjectNode> nodes = List.of(node("a", "True"), node("b", "True"));
        ObjectNode failing = pod("web-1", "a", false, 7);
        assertEquals(List.of(), pass(nodes, List.of(failing, sibling), T0).steps());
        assertEquals(List.of(), pass(nodes, List.of(restarts(failing, 9), sibling), T0.plusSeconds(5)).steps(),
                "two restarts seen");
        assertEquals(1, pass(nodes, List.of(restarts(failing, 10), sibling), T0.plusSeconds(9)).steps().size());
    }

    @Test
    void aPodWaitingForANodeLocalReasonLongerThanStuckForFailsOnItsNode() {
        List<ObjectNode> nodes = List.of(node("a", "True"), node("b", "True"));
        ObjectNode pulling = waiting(pod("web-1", "a", false, 0), "ErrImagePull");
        ObjectNode backingOff = waiting(pod("web-1", "a", false, 0), "ImagePullBackOff");
        pass(nodes, List.of(pulling, sibling), T0);
        assertEquals(List.of(), pass(nodes, List.of(backingOff, sibling), T0.plusSeconds(120)).steps(),
                "two minutes exactly is not longer than two minutes");
        ReschedulePlanner.Plan plan = pass(nodes, List.of(pulling, sibling), T0.plusSeconds(121));
        assertTrue(steps(plan, Avoid.class).get(0).annotation().contains(
                "Pod shop/web-1: Container main has waited with ErrImagePull for 2m1s on node a"), plan.toString());

        ObjectNode sandbox = condition(pod("web-3", "a", false, 0), "PodReadyToStartContainers", "False",
                "CreatePodSandboxError", "port 80 is taken");
        pass(nodes, List.of(sandbox, sibling), T0);
        assertEquals(1, steps(pass(nodes, List.of(sandbox, sibling), T0.plusSeconds(150)), Avoid.class).size(),
                "a reason on a condition counts too");
    }

    @Test
    void waitingForAReasonOfThePodsOwnIsNoSign() {
        List<ObjectNode> nodes = List.of(node("a", "True"), node("b", "True"));
        ObjectNode crashing = waiting(pod("web-1", "a", false, 0), "CrashLoopBackOff");
        pass(nodes, List.of(crashing, sibling), T0);
        assertEquals(List.of(), pass(nodes, List.of(crashing, sibling), T0.plusSeconds(600)).steps());
        ObjectNode recovered = pod("web-1", "a", true, 0);
        ObjectNode stuck = waiting(recovered, "ImagePullBackOff");
        pass(nodes, List.of(stuck, sibling), T0);
        pass(nodes, List.of(recovered, sibling), T0.plusSeconds(60));
        assertEquals(List.of(), pass(nodes, List.of(stuck, sibling), T0.plusSeconds(150)).steps(),
                "stuck again since 150 s, not since T0");
    }

    @Test
    void withoutAReadySiblingOnAnotherReadyNodeTheFailingPodStaysAndIsToldSoOnce() {
        ObjectNode sameNode = pod("web-2", "a", true, 0);
        ObjectNode unready = pod("web-3", "b", false, 0);
        ObjectNode deleting = pod("web-4", "b", true, 0);
        ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", T0.toString());
        ObjectNode onFailingNode = pod("web-5", "c", true, 0);
        List<ObjectNode> nodes = List.of(node("a", "True"), node("b", "True"), node("c", "False"));
        ObjectNode failing = waiting(pod("web-1", "a", false, 0), "ImagePullBackOff");
        List<ObjectNode> pods = List.of(failing, sameNode, unready, deleting, onFailingNode);
        pass(nodes, pods, T0);

        ReschedulePlanner.Plan plan = pass(nodes, pods, T0.plusSeconds(200));
        Announce announce = steps(plan, Announce.class).get(0);
        assertEquals(1, plan.steps().size());
        assertEquals("Normal", announce.type());
        assertEquals("Container main has waited with ImagePullBackOff for 3m20s on node a, but no other pod of "
                + "ReplicaSet web-abc is Ready on another node: the image or the application fails rather than the "
                + "node, so moving it would not help; it stays", announce.why());

        announced.add("uid-web-1");
        assertEquals(List.of(), pass(nodes, pods, T0.plusSeconds(201)).steps());
    }

    @Test
    void aPodWithoutControllerIsNeverEvictedAndIsWarnedAboutOnce() {
        List<ObjectNode> nodes = List.of(node("a", "True"), node("b", "True"));
        ObjectNode bare = standalone(waiting(pod("bare", "a", false, 0), "CreatePodSandboxError"));
        pass(nodes, List.of(bare, sibling), T0);
        ReschedulePlanner.Plan plan = pass(nodes, List.of(bare, sibling), T0.plusSeconds(130));
        assertEquals(1, plan.steps().size());
        Announce announce = steps(plan, Announce.class).get(0);
        assertEquals("Warning", announce.type());
        assertTrue(announce.why().startsWith("Container main has waited with CreatePodSandboxError for 2m10s on "
                + "node a; it has no controller to replace it elsewhere"), announce.why());
        announced.add("uid-bare");
        assertEquals(List.of(), pass(nodes, List.of(bare, sibling), T0.plusSeconds(131)).steps());
    }

    @Test
    void podsOnANodeThatIsNotReadyAreTheNodeLifecyclesBusiness() {
        assertEquals(List.of(), crashLoop(List.of(node("a", "Unknown"), node("b", "True")), T0.plusSeconds(30),
                10, 20, 30).steps());
        assertEquals(List.of(), crashLoop(List.of(node("b", "True")), T0.plusSeconds(30), 10, 20, 30).steps(),
                "nor is a pod on a node that is gone");
    }

    @Test
    void theAvoidListKeepsOtherEntriesAndLosesOursOnceTheyRunOut() throws Exception {
        Instant now = T0.plusSeconds(30);
        String manual = entry("DaemonSet", "agent", "uid-ds", "Manual", T0.minusSeconds(86400));
        String old = entry("ReplicaSet", "old", "uid-old", AvoidPods.REASON, now.minusSeconds(600));
        String recent = entry("ReplicaSet", "recent", "uid-recent", AvoidPods.REASON, now.minusSeconds(599));
        ObjectNode a = avoiding(node("a", "True"), "{\"preferAvoidPods\":[" + manual + "," + old + "," + recent
                + "]}");
        ObjectNode c = avoiding(node("c", "True"), "{\"preferAvoidPods\":[" + old + "]}");

        ReschedulePlanner.Plan plan = crashLoop(List.of(a, node("b", "True"), c), now, 10, 20, 30);

        List<Avoid> avoids = steps(plan, Avoid.class);
        assertEquals(2, avoids.size());
        JsonNode written = JSON.readTree(avoids.get(0).annotation()).path("preferAvoidPods");
        assertEquals(List.of("uid-ds", "uid-recent", RS_UID), uids(written));
        assertEquals(JSON.readTree(manual), written.get(0), "someone else's entry is kept as it was");
        assertEquals(List.of("ReplicaSet old"), avoids.get(0).expired());
        assertEquals("c", avoids.get(1).node().at("/metadata/name").asText());
        assertNull(avoids.get(1).annotation(), "nothing left: the annotation goes");
        assertEquals(1, plan.avoidedNodes());
    }

    @Test
    void anEntryWrittenBeforeThePodWasCreatedIsRenewedBeforeThePodIsEvicted() throws Exception {
        Instant now = T0.plusSeconds(30);
        Instant created = T0.minusSeconds(3600);
        ObjectNode stale = avoiding(node("a", "True"), "{\"preferAvoidPods\":[" + entry("ReplicaSet", "web-abc",
                RS_UID, AvoidPods.REASON, created.minusSeconds(1)) + "]}");
        ReschedulePlanner.Plan plan = crashLoop(List.of(stale, node("b", "True")), now, 10, 20, 30);
        assertEquals(List.of(), steps(plan, Reschedule.class));
        assertEquals(List.of(RS_UID), uids(JSON.readTree(steps(plan, Avoid.class).get(0).annotation())
                .path("preferAvoidPods")));
        assertTrue(steps(plan, Avoid.class).get(0).annotation().contains(now.toString()));

        ObjectNode manual = avoiding(node("a", "True"), "{\"preferAvoidPods\":[" + entry("ReplicaSet", "web-abc",
                RS_UID, "Manual", created.minusSeconds(1)) + "]}");
        assertEquals(1, steps(crashLoop(List.of(manual, node("b", "True")), now, 10, 20, 30), Reschedule.class)
                .size(), "an entry of someone else's avoids for ever");
    }

    @Test
    void aPodHealthServiceAlreadyMarkedIsDeletedByTheNextLeaderWithoutSeeingItFail() {
        ObjectNode marked = condition(pod("web-1", "a", false, 0), "DisruptionTarget", "True",
                ReschedulePlanner.DISRUPTION_REASON, "Container main restarted 3 times in 1m0s on node a");
        ReschedulePlanner.Plan plan = pass(List.of(node("a", "True")), List.of(marked), T0);
        Reschedule reschedule = steps(plan, Reschedule.class).get(0);
        assertTrue(reschedule.resumed());
        assertEquals("Container main restarted 3 times in 1m0s on node a", reschedule.why());

        ObjectNode taintManagers = condition(pod("web-1", "a", false, 0), "DisruptionTarget", "True",
                "DeletionByTaintManager", "");
        assertEquals(List.of(), pass(List.of(node("a", "True")), List.of(taintManagers), T0).steps());
    }

    @Test
    void aNodeWhoseAvoidListIsNotReadableIsLeftAlone() {
        ObjectNode garbled = avoiding(node("a", "True"), "not json");
        ReschedulePlanner.Plan plan = crashLoop(List.of(garbled, node("b", "True")), T0.plusSeconds(30), 10, 20, 30);
        assertEquals(List.of(), plan.steps());
        assertEquals(Set.of("a"), plan.unreadable());
    }

    @Test
    void durationsReadAsKubectlPrintsThem() {
        assertEquals("0s", FailureSigns.go(Duration.ZERO));
        assertEquals("1m10s", FailureSigns.go(Duration.ofSeconds(70)));
        assertEquals("2h0m5s", FailureSigns.go(Duration.ofSeconds(7205)));
    }

    private static String entry(String kind, String name, String uid, String reason, Instant time) {
        return "{\"podSignature\":{\"podController\":{\"apiVersion\":\"apps/v1\",\"kind\":\"" + kind + "\",\"name\":\""
                + name + "\",\"uid\":\"" + uid + "\",\"controller\":true}},\"evictionTime\":\"" + time
                + "\",\"reason\":\"" + reason + "\",\"message\":\"m\"}";
    }

    private static List<String> uids(JsonNode entries) throws JsonProcessingException {
        List<String> uids = new java.util.ArrayList<>();
        entries.forEach(entry -> uids.add(AvoidPods.uid(entry)));
        return uids;
    }
}

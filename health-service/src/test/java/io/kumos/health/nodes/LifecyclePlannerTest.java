package io.kumos.health.nodes;

import static io.kumos.health.nodes.TestObjects.T0;
import static io.kumos.health.nodes.TestObjects.node;
import static io.kumos.health.nodes.TestObjects.pod;
import static io.kumos.health.nodes.TestObjects.taint;
import static io.kumos.health.nodes.TestObjects.tolerate;
import static io.kumos.health.nodes.TestObjects.withDefaultTolerations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.nodes.Taint;
import io.kumos.health.nodes.LifecyclePlanner.Evict;
import io.kumos.health.nodes.LifecyclePlanner.MarkNodeUnknown;
import io.kumos.health.nodes.LifecyclePlanner.MarkPodNotReady;
import io.kumos.health.nodes.LifecyclePlanner.SetTaints;
import io.kumos.health.nodes.LifecyclePlanner.Step;
import io.kumos.health.nodes.LifecyclePlanner.Transition;

/** Liveness, taint and eviction decisions of one pass, with a fixed clock. */
class LifecyclePlannerTest {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Map<String, Instant> lastHeard = new HashMap<>();
    private final Map<String, Boolean> heartbeatReady = new HashMap<>();

    private LifecyclePlanner.Plan plan(List<JsonNode> nodes, List<JsonNode> pods, Instant now) {
        return LifecyclePlanner.plan(new LifecyclePlanner.Snapshot(nodes, pods, heartbeatReady, lastHeard, now, GRACE,
                (node, taint) -> now));
    }

    private static <T extends Step> List<T> steps(LifecyclePlanner.Plan plan, Class<T> type) {
        return plan.steps().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aNodeSilentPastTheGraceGoesUnknownIsTaintedUnreachableAndItsPodsAreMarkedNotReady() {
        lastHeard.put("n1", T0);
        lastHeard.put("n2", T0.plusSeconds(11));
        ObjectNode n1 = node("n1", "True");
        LifecyclePlanner.Plan plan = plan(List.of(n1, node("n2", "True")),
                List.of(pod("a", "n1"), pod("b", "n2")), T0.plusSeconds(11));

        MarkNodeUnknown unknown = steps(plan, MarkNodeUnknown.class).get(0);
        assertEquals("n1", unknown.node().at("/metadata/name").asText());
        assertEquals(Duration.ofSeconds(11), unknown.silentFor());
        assertEquals(4, unknown.conditions().size(), "Ready and the pressures");
        for (JsonNode condition : unknown.conditions()) {
            assertEquals("Unknown", condition.path("status").asText());
            assertEquals("NodeStatusUnknown", condition.path("reason").asText());
            assertEquals("Kubelet stopped posting node status.", condition.path("message").asText());
            assertEquals("2025-01-01T10:00:11Z", condition.path("lastTransitionTime").asText());
            assertEquals("2025-01-01T09:59:58Z", condition.path("lastHeartbeatTime").asText(), "left as it was");
        }
        SetTaints taints = steps(plan, SetTaints.class).get(0);
        assertEquals(List.of(new Taint(Taint.UNREACHABLE, "", Taint.NO_EXECUTE, T0.plusSeconds(11)),
                new Taint(Taint.UNREACHABLE, "", Taint.NO_SCHEDULE, null)), taints.taints());
        assertEquals(Transition.NOT_READY, taints.transition());
        assertEquals(List.of("a"), steps(plan, MarkPodNotReady.class).stream()
                .map(step -> step.pod().at("/metadata/name").asText()).toList());
        assertEquals(1, steps(plan, MarkNodeUnknown.class).size(), "n2 is within its grace");
        assertEquals(NodeHealth.State.UNKNOWN, plan.nodes().get("n1").state());
        assertEquals(NodeHealth.State.READY, plan.nodes().get("n2").state());
    }

    @Test
    void aSilentNodeAlreadyUnknownAndTaintedNeedsNoWrite() {
        lastHeard.put("n1", T0);
        ObjectNode n1 = taint(taint(node("n1", "Unknown"), Taint.UNREACHABLE, Taint.NO_EXECUTE, T0.plusSeconds(11)),
                Taint.UNREACHABLE, Taint.NO_SCHEDULE, null);
        n1.withArray("/status/conditions").forEach(c -> ((ObjectNode) c).put("status", "Unknown"));
        ObjectNode notReadyPod = pod("a", "n1");
        ((ObjectNode) notReadyPod.at("/status/conditions/0")).put("status", "False");
        lastHeard.put("n2", T0.plusSeconds(30));
        assertEquals(List.of(), plan(List.of(n1, node("n2", "True")), List.of(notReadyPod), T0.plusSeconds(30))
                .steps().stream().filter(step -> !(step instanceof Evict)).toList());
    }

    @Test
    void aNodeHeardFromButUnableToRunPodsIsTaintedNotReadyInsteadOfUnreachable() {
        lastHeard.put("n1", T0);
        heartbeatReady.put("n1", false);
        ObjectNode n1 = taint(node("n1", "True"), Taint.UNREACHABLE, Taint.NO_EXECUTE, T0.minusSeconds(60));
        lastHeard.put("n2", T0);
        SetTaints taints = steps(plan(List.of(n1, node("n2", "True")), List.of(), T0.plusSeconds(1)),
                SetTaints.class).get(0);
        assertEquals(List.of(new Taint(Taint.NOT_READY, "", Taint.NO_EXECUTE, T0.plusSeconds(1)),
                new Taint(Taint.NOT_READY, "", Taint.NO_SCHEDULE, null)), taints.taints());
        assertEquals(Transition.NONE, taints.transition(), "it was already not ready");

        heartbeatReady.remove("n1");
        SetTaints fromCondition = steps(plan(List.of(node("n1", "False"), node("n2", "True")), List.of(),
                T0.plusSeconds(1)), SetTaints.class).get(0);
        assertEquals(Taint.NOT_READY, fromCondition.taints().get(0).key());
        assertEquals(Transition.NOT_READY, fromCondition.transition());
    }

    @Test
    void aReadyNodeHeardFromLosesItsHealthTaintsAndKeepsTheOthers() {
        lastHeard.put("n1", T0);
        ObjectNode n1 = taint(taint(taint(node("n1", "True"), "dedicated", Taint.NO_SCHEDULE, null),
                Taint.UNREACHABLE, Taint.NO_EXECUTE, T0.minusSeconds(60)), Taint.UNREACHABLE, Taint.NO_SCHEDULE, null);
        SetTaints taints = steps(plan(List.of(n1), List.of(pod("a", "n1")), T0.plusSeconds(1)), SetTaints.class)
                .get(0);
        assertEquals(List.of(new Taint("dedicated", "", Taint.NO_SCHEDULE, null)), taints.taints());
        assertEquals(Transition.READY, taints.transition());
    }

    @Test
    void aNodeHeardFromAgainWaitsForItsAgentBeforeLosingItsTaint() {
        lastHeard.put("n1", T0);
        ObjectNode n1 = taint(taint(node("n1", "Unknown"), Taint.UNREACHABLE, Taint.NO_EXECUTE, T0.minusSeconds(60)),
                Taint.UNREACHABLE, Taint.NO_SCHEDULE, null);
        lastHeard.put("n2", T0);
        LifecyclePlanner.Plan plan = plan(List.of(n1, node("n2", "True")), List.of(), T0.plusSeconds(1));
        assertEquals(List.of(), steps(plan, SetTaints.class));
        assertEquals(NodeHealth.State.UNKNOWN, plan.nodes().get("n1").state());
    }

    @Test
    void aCordonedNodeIsTaintedUnschedulableAndUncordoningRemovesIt() {
        lastHeard.put("n1", T0);
        ObjectNode n1 = node("n1", "True");
        ((ObjectNode) n1.get("spec")).put("unschedulable", true);
        SetTaints taints = steps(plan(List.of(n1), List.of(), T0), SetTaints.class).get(0);
        assertEquals(List.of(new Taint(Taint.UNSCHEDULABLE, "", Taint.NO_SCHEDULE, null)), taints.taints());
        assertFalse(taints.taints().get(0).toJson().has("timeAdded"));

        ObjectNode uncordoned = taint(node("n1", "True"), Taint.UNSCHEDULABLE, Taint.NO_SCHEDULE, null);
        assertEquals(List.of(), steps(plan(List.of(uncordoned), List.of(), T0), SetTaints.class).get(0).taints());
    }

    @Test
    void podsAreEvictedByTheirTolerationsOfTheTaintsTheNodeCarries() {
        lastHeard.put("n1", T0);
        lastHeard.put("n2", T0.plusSeconds(20));
        Instant tainted = T0.plusSeconds(11);
        ObjectNode n1 = taint(node("n1", "Unknown"), Taint.UNREACHABLE, Taint.NO_EXECUTE, tainted);
        ObjectNode intolerant = pod("intolerant", "n1");
        ObjectNode tolerant = withDefaultTolerations(pod("tolerant", "n1"), 5);
        ObjectNode forever = tolerate(pod("forever", "n1"), "", "Exists", null, null);
        ObjectNode deleting = pod("deleting", "n1");
        ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", "2025-01-01T10:00:12Z");
        ObjectNode bare = pod("bare", "n1");
        ((ObjectNode) bare.get("metadata")).remove("ownerReferences");
        ObjectNode elsewhere = pod("elsewhere", "n2");
        List<JsonNode> pods = List.of(intolerant, tolerant, forever, deleting, bare, elsewhere);
        List<JsonNode> nodes = List.of(n1, node("n2", "True"));

        LifecyclePlanner.Plan early = plan(nodes, pods, tainted.plusSeconds(4));
        assertEquals(List.of("intolerant", "bare"), evicted(early));
        assertFalse(steps(early, Evict.class).get(1).controlled());
        assertEquals(List.of("tolerant"), early.deferred().stream().map(d -> d.pod().at("/metadata/name").asText())
                .toList());
        assertEquals(tainted.plusSeconds(5), early.deferred().get(0).when());

        assertEquals(List.of("intolerant", "tolerant", "bare"), evicted(plan(nodes, pods, tainted.plusSeconds(5))));
    }

    @Test
    void aTaintDecidedThisPassEvictsOnlyOnceTheNodeCarriesIt() {
        lastHeard.put("n1", T0);
        lastHeard.put("n2", T0.plusSeconds(11));
        List<JsonNode> nodes = List.of(node("n1", "True"), node("n2", "True"));
        assertEquals(List.of(), evicted(plan(nodes, List.of(pod("a", "n1")), T0.plusSeconds(11))));
    }

    @Test
    void aTaintBeingRemovedNoLongerEvicts() {
        lastHeard.put("n1", T0);
        ObjectNode n1 = taint(node("n1", "True"), Taint.UNREACHABLE, Taint.NO_EXECUTE, T0.minusSeconds(60));
        assertEquals(List.of(), evicted(plan(List.of(n1), List.of(pod("a", "n1")), T0.plusSeconds(1))));
    }

    @Test
    void aNoExecuteTaintWithoutTimeAddedCountsFromWhenItWasFirstSeen() {
        lastHeard.put("n1", T0);
        lastHeard.put("n2", T0);
        ObjectNode n1 = taint(node("n1", "True"), "maintenance", Taint.NO_EXECUTE, null);
        ObjectNode pod = tolerate(pod("a", "n1"), "maintenance", "Exists", null, 30L);
        Instant firstSeen = T0.minusSeconds(10);
        LifecyclePlanner.Plan plan = LifecyclePlanner.plan(new LifecyclePlanner.Snapshot(
                List.of(n1, node("n2", "True")), List.of(pod), heartbeatReady, lastHeard, T0, GRACE,
                (node, taint) -> firstSeen));
        assertEquals(firstSeen.plusSeconds(30), plan.deferred().get(0).when());
    }

    @Test
    void fullDisruptionLiftsTheNoExecuteTaintsOfEveryNodeAndKeepsTheNoScheduleOnes() {
        lastHeard.put("n1", T0);
        lastHeard.put("n2", T0);
        Instant now = T0.plusSeconds(30);
        lastHeard.put("n3", now);
        ObjectNode n1 = taint(taint(node("n1", "Unknown"), Taint.UNREACHABLE, Taint.NO_EXECUTE, T0.plusSeconds(11)),
                Taint.UNREACHABLE, Taint.NO_SCHEDULE, null);
        ObjectNode n2 = taint(node("n2", "Unknown"), Taint.UNREACHABLE, Taint.NO_EXECUTE, T0.plusSeconds(11));
        ObjectNode n3 = node("n3", "False");
        List<JsonNode> pods = List.of(pod("a", "n1"), pod("b", "n2"));

        LifecyclePlanner.Plan disrupted = plan(List.of(n1, n2, n3), pods, now);

        assertTrue(disrupted.fullDisruption());
        assertEquals(List.of(), evicted(disrupted));
        assertEquals(2, steps(disrupted, MarkPodNotReady.class).size(), "pods are still marked not ready");
        Map<String, SetTaints> taints = new HashMap<>();
        steps(disrupted, SetTaints.class).forEach(step -> taints.put(step.node().at("/metadata/name").asText(), step));
        Taint unreachable = new Taint(Taint.UNREACHABLE, "", Taint.NO_SCHEDULE, null);
        assertEquals(List.of(unreachable), taints.get("n1").taints());
        assertEquals(Transition.NONE, taints.get("n1").transition(), "lifting the taint is no return to Ready");
        assertEquals(List.of(unreachable), taints.get("n2").taints(), "NoSchedule added, NoExecute lifted");
        assertEquals(List.of(new Taint(Taint.NOT_READY, "", Taint.NO_SCHEDULE, null)), taints.get("n3").taints(),
                "a node failing during the disruption gets only the taint that keeps new pods off");
        assertEquals(Transition.NOT_READY, taints.get("n3").transition());
    }

    @Test
    void leavingFullDisruptionTaintsTheNodesStillFailingAnewSoTolerationsStartOver() {
        Instant back = T0.plusSeconds(60);
        lastHeard.put("n1", T0);
        lastHeard.put("n2", back);
        ObjectNode lifted = taint(node("n1", "Unknown"), Taint.UNREACHABLE, Taint.NO_SCHEDULE, null);
        List<JsonNode> pods = List.of(withDefaultTolerations(pod("a", "n1"), 5));

        LifecyclePlanner.Plan exit = plan(List.of(lifted, node("n2", "True")), pods, back);
        assertFalse(exit.fullDisruption());
        SetTaints retaint = steps(exit, SetTaints.class).get(0);
        assertEquals(List.of(new Taint(Taint.UNREACHABLE, "", Taint.NO_SCHEDULE, null),
                new Taint(Taint.UNREACHABLE, "", Taint.NO_EXECUTE, back)), retaint.taints());
        assertEquals(Transition.NONE, retaint.transition(), "it never went Ready");
        assertEquals(List.of(), evicted(exit), "the node does not carry the new taint yet");

        ObjectNode retainted = taint(lifted.deepCopy(), Taint.UNREACHABLE, Taint.NO_EXECUTE, back);
        LifecyclePlanner.Plan next = plan(List.of(retainted, node("n2", "True")), pods, back.plusSeconds(1));
        assertEquals(List.of(), evicted(next), "the toleration counts from the new timeAdded, not the first one");
        assertEquals(back.plusSeconds(5), next.deferred().get(0).when());
        assertEquals(List.of("a"), evicted(plan(List.of(retainted, node("n2", "True")), pods, back.plusSeconds(5))));
    }

    @Test
    void aClusterWithoutNodesIsNotDisrupted() {
        assertFalse(plan(List.of(), List.of(pod("a", "gone")), T0).fullDisruption());
    }

    private static List<String> evicted(LifecyclePlanner.Plan plan) {
        return steps(plan, Evict.class).stream().map(step -> step.pod().at("/metadata/name").asText()).toList();
    }
}

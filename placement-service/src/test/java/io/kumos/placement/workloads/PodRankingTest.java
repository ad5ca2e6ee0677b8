package io.kumos.placement.workloads;

import static io.kumos.placement.workloads.TestObjects.T0;
import static io.kumos.placement.workloads.TestObjects.pod;
import static io.kumos.placement.workloads.TestObjects.running;
import static io.kumos.placement.workloads.TestObjects.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Scale-down picks pods as upstream's ActivePodsWithRanks does: what serves least goes first. */
class PodRankingTest {

    private static final JsonNode LABELS = TestObjects.parse("{\"app\":\"web\"}");

    private static List<String> order(List<JsonNode> pods) {
        return PodRanking.removalOrder(pods, pods).stream().map(Metadata::name).toList();
    }

    @Test
    void unscheduledThenPendingThenNotReadyThenReady() {
        ObjectNode unscheduled = pod("unscheduled", null, LABELS);
        ObjectNode pending = set(pod("pending", null, LABELS), "spec/nodeName", "node-1");
        ObjectNode notReady = running(pod("not-ready", null, LABELS), "node-2", null);
        ObjectNode ready = running(pod("ready", null, LABELS), "node-3", T0);
        assertEquals(List.of("unscheduled", "pending", "not-ready", "ready"),
                order(List.of(ready, notReady, pending, unscheduled)));
    }

    @Test
    void unknownPhaseGoesBetweenPendingAndRunning() {
        ObjectNode pending = set(pod("pending", null, LABELS), "spec/nodeName", "node-1");
        ObjectNode unknown = set(set(pod("unknown", null, LABELS), "spec/nodeName", "node-2"), "status/phase",
                "Unknown");
        ObjectNode runningPod = running(pod("running", null, LABELS), "node-3", null);
        assertEquals(List.of("pending", "unknown", "running"), order(List.of(runningPod, unknown, pending)));
    }

    @Test
    void lowerDeletionCostGoesFirstEvenIfReadyLonger() {
        ObjectNode cheap = running(pod("cheap", null, LABELS), "node-1", T0);
        ObjectNode dear = set(running(pod("dear", null, LABELS), "node-2", T0.plusSeconds(3600)),
                "metadata/annotations", TestObjects.parse("{\"controller.kubernetes.io/pod-deletion-cost\":\"10\"}"));
        set(cheap, "metadata/annotations", TestObjects.parse("{\"controller.kubernetes.io/pod-deletion-cost\":\"-5\"}"));
        assertEquals(List.of("cheap", "dear"), order(List.of(dear, cheap)));
    }

    @Test
    void podsDoubledUpOnANodeGoBeforeLonePods() {
        ObjectNode alone = running(pod("alone", null, LABELS), "node-1", T0.plusSeconds(100));
        ObjectNode crowdedA = running(pod("crowded-a", null, LABELS), "node-2", T0);
        ObjectNode crowdedB = running(pod("crowded-b", null, LABELS), "node-2", T0);
        List<String> order = order(List.of(alone, crowdedA, crowdedB));
        assertEquals("alone", order.get(2), order::toString);
    }

    @Test
    void readyForShorterTimeThenMoreRestartsThenNewerFirst() {
        ObjectNode young = running(pod("young", null, LABELS), "node-1", T0.plusSeconds(60));
        ObjectNode old = running(pod("old", null, LABELS), "node-2", T0);
        assertEquals(List.of("young", "old"), order(List.of(old, young)));

        ObjectNode restarted = running(pod("restarted", null, LABELS), "node-1", T0);
        ((ObjectNode) restarted.get("status")).putArray("containerStatuses").addObject().put("restartCount", 4);
        ObjectNode steady = running(pod("steady", null, LABELS), "node-2", T0);
        assertEquals(List.of("restarted", "steady"), order(List.of(steady, restarted)));

        ObjectNode newer = set(running(pod("newer", null, LABELS), "node-1", T0), "metadata/creationTimestamp",
                "2024-05-01T09:50:00Z");
        ObjectNode older = running(pod("older", null, LABELS), "node-2", T0);
        assertEquals(List.of("newer", "older"), order(List.of(older, newer)));
    }
}

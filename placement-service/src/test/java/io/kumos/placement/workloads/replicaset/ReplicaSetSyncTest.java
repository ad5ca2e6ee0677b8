package io.kumos.placement.workloads.replicaset;

import static io.kumos.placement.workloads.TestObjects.T0;
import static io.kumos.placement.workloads.TestObjects.only;
import static io.kumos.placement.workloads.TestObjects.patchOf;
import static io.kumos.placement.workloads.TestObjects.pod;
import static io.kumos.placement.workloads.TestObjects.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.TestObjects;

/** The ReplicaSet controller keeps the replica count, ranks pods for removal, reports status. */
class ReplicaSetSyncTest {

    private final ObjectNode template = TestObjects.template("web", "nginx:1");
    private final JsonNode labels = template.at("/metadata/labels");

    private ObjectNode replicaSet(int replicas) {
        ObjectNode replicaSet = TestObjects.replicaSet("web-abc", null, template, replicas);
        ((ObjectNode) replicaSet.get("status")).put("replicas", 0);
        return replicaSet;
    }

    @Test
    void missingReplicasAreCreatedFromTheTemplate() {
        ObjectNode replicaSet = replicaSet(3);
        List<Action> actions = ReplicaSetSync.sync(replicaSet, List.of(running(pod("a", replicaSet, labels),
                "node-1", T0)), true, T0);
        List<Action.Create> creates = only(actions, Action.Create.class);
        assertEquals(2, creates.size());
        ObjectNode created = creates.get(0).object();
        assertEquals(Kind.POD, creates.get(0).kind());
        assertEquals("web-abc-", created.at("/metadata/generateName").asText());
        assertEquals("web", created.at("/metadata/labels/app").asText());
        assertEquals("nginx:1", created.at("/spec/containers/0/image").asText());
        JsonNode reference = created.at("/metadata/ownerReferences/0");
        assertEquals("ReplicaSet", reference.path("kind").asText());
        assertEquals("uid-web-abc", reference.path("uid").asText());
        assertTrue(reference.path("controller").asBoolean() && reference.path("blockOwnerDeletion").asBoolean());
        assertEquals(replicaSet, creates.get(0).owner(), "announced on, and expected by, the ReplicaSet");
    }

    @Test
    void extraReplicasAreDeletedNotReadyAndUnscheduledFirst() {
        ObjectNode replicaSet = replicaSet(1);
        List<JsonNode> pods = List.of(running(pod("ready", replicaSet, labels), "node-1", T0),
                pod("unscheduled", replicaSet, labels),
                running(pod("not-ready", replicaSet, labels), "node-2", null));
        List<Action.Delete> deletes = only(ReplicaSetSync.sync(replicaSet, pods, true, T0), Action.Delete.class);
        assertEquals(List.of("unscheduled", "not-ready"), deletes.stream().map(Action.Delete::name).toList());
        assertEquals("uid-unscheduled", deletes.get(0).uid(), "only that very pod");
    }

    @Test
    void terminatingAndFinishedPodsDoNotCountAndAreReplaced() {
        ObjectNode replicaSet = replicaSet(2);
        List<JsonNode> pods = List.of(running(pod("a", replicaSet, labels), "node-1", T0),
                TestObjects.terminating(running(pod("going", replicaSet, labels), "node-1", T0)),
                TestObjects.finished(pod("done", replicaSet, labels), "Failed", T0));
        assertEquals(1, only(ReplicaSetSync.sync(replicaSet, pods, true, T0), Action.Create.class).size());
    }

    @Test
    void nothingIsCreatedOrDeletedUntilThePreviousWritesShow() {
        ObjectNode replicaSet = replicaSet(3);
        List<Action> actions = ReplicaSetSync.sync(replicaSet, List.of(), false, T0);
        assertTrue(only(actions, Action.Create.class).isEmpty());
        assertTrue(only(actions, Action.Delete.class).isEmpty());
    }

    @Test
    void aReplicaSetBeingDeletedCreatesNothing() {
        ObjectNode replicaSet = TestObjects.terminating(replicaSet(3));
        assertTrue(only(ReplicaSetSync.sync(replicaSet, List.of(), true, T0), Action.Create.class).isEmpty());
    }

    @Test
    void orphansAreAdoptedAndCounted() {
        ObjectNode replicaSet = replicaSet(1);
        List<Action> actions = ReplicaSetSync.sync(replicaSet, List.of(running(pod("orphan", null, labels),
                "node-1", T0)), true, T0);
        assertTrue(only(actions, Action.Create.class).isEmpty(), "the adopted pod is the replica");
        assertEquals("uid-web-abc", patchOf(actions, Kind.POD, "orphan", false)
                .at("/metadata/ownerReferences/0/uid").asText());
    }

    @Test
    void statusCountsReadyAndAvailableAfterMinReadySeconds() {
        ObjectNode replicaSet = replicaSet(4);
        TestObjects.set(replicaSet, "spec/minReadySeconds", 30);
        TestObjects.set(replicaSet, "metadata/generation", 2);
        List<JsonNode> pods = new ArrayList<>();
        // Every pod is selected (app=web); only one carries every template label (tier=fe too).
        ((ObjectNode) replicaSet.at("/spec/template/metadata/labels")).put("tier", "fe");
        pods.add(running(pod("long-ready", replicaSet, TestObjects.parse("{\"app\":\"web\",\"tier\":\"fe\"}")),
                "node-1", T0.minusSeconds(60)));
        pods.add(running(pod("just-ready", replicaSet, labels), "node-1", T0.minusSeconds(10)));
        pods.add(running(pod("not-ready", replicaSet, labels), "node-1", null));
        pods.add(pod("pending", replicaSet, labels));
        ObjectNode status = patchOf(ReplicaSetSync.sync(replicaSet, pods, false, T0), Kind.REPLICA_SET, "web-abc",
                true);
        assertEquals(4, status.at("/status/replicas").asInt());
        assertEquals(2, status.at("/status/readyReplicas").asInt());
        assertEquals(1, status.at("/status/availableReplicas").asInt());
        assertEquals(1, status.at("/status/fullyLabeledReplicas").asInt());
        assertEquals(2, status.at("/status/observedGeneration").asInt());
        assertEquals("20", status.at("/metadata/resourceVersion").asText(), "conditional on what was read");
    }

    @Test
    void anUnchangedStatusIsNotWritten() {
        ObjectNode replicaSet = replicaSet(1);
        ObjectNode pod = running(pod("a", replicaSet, labels), "node-1", T0);
        TestObjects.set(replicaSet, "status", TestObjects.parse("{\"replicas\":1,\"fullyLabeledReplicas\":1,"
                + "\"readyReplicas\":1,\"availableReplicas\":1,\"observedGeneration\":1}"));
        List<Action> actions = ReplicaSetSync.sync(replicaSet, List.of(pod), true, T0);
        assertFalse(actions.stream().anyMatch(a -> a instanceof Action.Patch), actions::toString);
    }
}

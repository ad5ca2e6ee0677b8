package io.kumos.placement.workloads;

import static io.kumos.placement.workloads.TestObjects.T0;
import static io.kumos.placement.workloads.TestObjects.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;

/** Writing decisions: conditional patches, the pass's own writes, announcements, and what is not an error. */
class ActionWriterTest {

    private final FakeApi api = new FakeApi(() -> T0);
    private final Expectations expectations = new Expectations();
    private final WorkloadEvents events = new WorkloadEvents(api);
    private final ActionWriter writer = new ActionWriter(api, expectations, events, T0);

    private ObjectNode replicaSet() {
        ObjectNode replicaSet = TestObjects.replicaSet("web-1", null, TestObjects.template("web", "nginx:1"), 1);
        ((ObjectNode) replicaSet.get("metadata")).remove(List.of("uid", "resourceVersion"));
        return (ObjectNode) api.create(Kind.REPLICA_SET.collection("web"), replicaSet);
    }

    private static Action.Patch patch(Kind kind, JsonNode read, boolean status, String body) {
        ObjectNode patch = parse(body);
        ((ObjectNode) patch.with("metadata")).put("resourceVersion", Metadata.resourceVersion(read));
        return new Action.Patch(kind, "web", Metadata.name(read), status, patch);
    }

    @Test
    void thePassesOwnWritesDoNotMakeItsViewStale() {
        ObjectNode read = replicaSet();
        writer.apply("replicaset-controller", List.of(patch(Kind.REPLICA_SET, read, true,
                "{\"status\":{\"readyReplicas\":1}}")));
        writer.apply("deployment-controller", List.of(patch(Kind.REPLICA_SET, read, false,
                "{\"spec\":{\"replicas\":3}}")));
        ObjectNode now = api.one(Kind.REPLICA_SET, "web-1");
        assertEquals(3, now.at("/spec/replicas").asInt());
        assertEquals(1, now.at("/status/readyReplicas").asInt());
    }

    @Test
    void someoneElsesWriteMakesAPatchFailQuietlyAndItsEventsAreNotTold() {
        ObjectNode read = replicaSet();
        api.put(api.one(Kind.REPLICA_SET, "web-1"));
        writer.apply("deployment-controller", List.of(
                patch(Kind.REPLICA_SET, read, false, "{\"spec\":{\"replicas\":3}}"),
                new Action.Create(Kind.POD, "web", TestObjects.pod("p", null, parse("{}")), null),
                Action.Emit.normal(read, "ScalingReplicaSet", "Scaled up replica set web-1 to 3 from 1")));
        assertEquals(1, api.one(Kind.REPLICA_SET, "web-1").at("/spec/replicas").asInt(), "stale view: not written");
        assertEquals(1, api.all(Kind.POD).size(), "the other writes go on");
        assertTrue(api.events().isEmpty(), "no Event about a scale that did not happen");
    }

    @Test
    void createdAndDeletedPodsAreAnnouncedOnTheirOwnerAndExpected() {
        ObjectNode owner = replicaSet();
        ObjectNode pod = PodTemplates.pod(owner, Kind.REPLICA_SET, owner.at("/spec/template"));
        writer.apply("replicaset-controller", List.of(new Action.Create(Kind.POD, "web", pod, owner)));
        ObjectNode created = api.all(Kind.POD).get(0);
        JsonNode event = api.events().get(0);
        assertEquals("SuccessfulCreate", event.path("reason").asText());
        assertEquals("Created pod: " + Metadata.name(created), event.path("message").asText());
        assertEquals("ReplicaSet", event.at("/involvedObject/kind").asText());
        assertEquals("replicaset-controller", event.at("/source/component").asText());
        assertFalse(expectations.settled(Metadata.uid(owner), List.of(), T0), "the new pod is awaited");
        assertTrue(expectations.settled(Metadata.uid(owner), List.of(created), T0));

        writer.apply("replicaset-controller", List.of(new Action.Delete(Kind.POD, "web", Metadata.name(created),
                Metadata.uid(created), "Background", owner)));
        assertTrue(api.all(Kind.POD).isEmpty());
        assertEquals("Deleted pod: " + Metadata.name(created), api.events().get(1).path("message").asText());
        assertFalse(expectations.settled(Metadata.uid(owner), List.of(created), T0), "until it is gone");
    }

    @Test
    void aDeleteOnlyDeletesTheObjectThatWasSeen() {
        ObjectNode owner = replicaSet();
        writer.apply("deployment-controller", List.of(new Action.Delete(Kind.REPLICA_SET, "web", "web-1",
                "uid-of-an-older-web-1", "Background", null)));
        assertEquals(Metadata.uid(owner), Metadata.uid(api.one(Kind.REPLICA_SET, "web-1")));
    }

    @Test
    void theSameEventIsNotRepeatedEverySecond() {
        ObjectNode owner = replicaSet();
        for (int i = 0; i < 3; i++) {
            new ActionWriter(api, expectations, events, T0.plusSeconds(i)).apply("cronjob-controller",
                    List.of(Action.Emit.normal(owner, "JobAlreadyActive", "Not starting job")));
        }
        assertEquals(1, api.events().size());
        new ActionWriter(api, expectations, events, T0.plus(WorkloadEvents.QUIET)).apply("cronjob-controller",
                List.of(Action.Emit.normal(owner, "JobAlreadyActive", "Not starting job")));
        assertEquals(2, api.events().size());
    }

    @Test
    void otherFailuresAreRaised() {
        ApiClient broken = new ApiClient(URI.create("http://127.0.0.1:9"), TestObjects.JSON, "test") {
            @Override
            public JsonNode create(String collection, JsonNode body) {
                throw new ApiCallException(0, "the api-gateway is unreachable");
            }
        };
        ActionWriter failing = new ActionWriter(broken, expectations, new WorkloadEvents(broken), T0);
        assertThrows(ApiCallException.class, () -> failing.apply("job-controller", List.of(new Action.Create(
                Kind.POD, "web", TestObjects.pod("p", null, parse("{}")), null))));
    }
}

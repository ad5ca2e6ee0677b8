package io.kumos.placement.workloads;

import static io.kumos.placement.workloads.TestObjects.only;
import static io.kumos.placement.workloads.TestObjects.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Adoption and release of pods by selector and controller reference, as upstream's ControllerRefManager. */
class ClaimsTest {

    private final ObjectNode owner = TestObjects.replicaSet("web-1", null, TestObjects.template("web", "nginx:1"), 2);
    private final JsonNode selector = owner.at("/spec/selector");
    private final JsonNode matching = TestObjects.parse("{\"app\":\"web\"}");
    private final JsonNode other = TestObjects.parse("{\"app\":\"db\"}");

    @Test
    void orphansTheSelectorSelectsAreAdoptedConditionally() {
        ObjectNode orphan = pod("orphan", null, matching);
        Claims.Result result = Claims.claim(owner, Kind.REPLICA_SET, Kind.POD, selector, List.of(orphan));
        assertEquals(List.of(orphan), result.owned());
        ObjectNode patch = only(result.actions(), Action.Patch.class).get(0).patch();
        assertEquals("30", patch.at("/metadata/resourceVersion").asText(), "adoption is conditional");
        JsonNode reference = patch.at("/metadata/ownerReferences/0");
        assertEquals("uid-web-1", reference.path("uid").asText());
        assertTrue(reference.path("controller").asBoolean());
        assertTrue(reference.path("blockOwnerDeletion").asBoolean());
        assertEquals("ReplicaSet", reference.path("kind").asText());
    }

    @Test
    void ownedPodsTheSelectorNoLongerSelectsAreReleased() {
        ObjectNode relabelled = pod("relabelled", owner, other);
        Claims.Result result = Claims.claim(owner, Kind.REPLICA_SET, Kind.POD, selector, List.of(relabelled));
        assertTrue(result.owned().isEmpty());
        ObjectNode patch = only(result.actions(), Action.Patch.class).get(0).patch();
        assertTrue(patch.at("/metadata/ownerReferences").isNull(), patch::toString);
    }

    @Test
    void podsOfOtherControllersAndTerminatingOrphansAreLeftAlone() {
        ObjectNode otherOwner = TestObjects.replicaSet("web-2", null, TestObjects.template("web", "nginx:2"), 1);
        ObjectNode theirs = pod("theirs", otherOwner, matching);
        ObjectNode dying = TestObjects.terminating(pod("dying", null, matching));
        ObjectNode unrelated = pod("unrelated", null, other);
        Claims.Result result = Claims.claim(owner, Kind.REPLICA_SET, Kind.POD, selector,
                List.of(theirs, dying, unrelated));
        assertTrue(result.owned().isEmpty());
        assertTrue(result.actions().isEmpty());
    }

    @Test
    void anOwnerBeingDeletedNeitherAdoptsNorReleases() {
        TestObjects.terminating(owner);
        ObjectNode mine = pod("mine", owner, matching);
        Claims.Result result = Claims.claim(owner, Kind.REPLICA_SET, Kind.POD, selector,
                List.of(pod("orphan", null, matching), pod("released", owner, other), mine));
        assertEquals(List.of(mine), result.owned());
        assertTrue(result.actions().isEmpty());
    }

    @Test
    void anEmptySelectorSelectsNothing() {
        Claims.Result result = Claims.claim(owner, Kind.REPLICA_SET, Kind.POD, TestObjects.parse("{}"),
                List.of(pod("orphan", null, matching)));
        assertTrue(result.owned().isEmpty());
        assertTrue(result.actions().isEmpty());
    }
}

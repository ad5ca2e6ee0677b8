package io.kumos.placement.workloads.deployment;

import static io.kumos.placement.workloads.TestObjects.T0;
import static io.kumos.placement.workloads.TestObjects.eventMessages;
import static io.kumos.placement.workloads.TestObjects.only;
import static io.kumos.placement.workloads.TestObjects.parse;
import static io.kumos.placement.workloads.TestObjects.patchOf;
import static io.kumos.placement.workloads.TestObjects.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.TestObjects;

/** The Deployment controller's decisions, one pass at a time, as upstream's deployment controller takes them. */
class DeploymentSyncTest {

    private static final ObjectNode V1 = TestObjects.template("web", "nginx:1");
    private static final ObjectNode V2 = TestObjects.template("web", "nginx:2");

    private static ObjectNode deployment(int replicas, ObjectNode template) {
        ObjectNode deployment = TestObjects.deployment("web", replicas);
        ((ObjectNode) deployment.get("spec")).set("template", template.deepCopy());
        return deployment;
    }

    /** A ReplicaSet of the Deployment as the controller made it, with {@code available} pods available. */
    private static ObjectNode replicaSet(ObjectNode deployment, ObjectNode template, int replicas, int available,
            long revision, String created) {
        String hash = TemplateHash.of(template, null);
        ObjectNode withHash = template.deepCopy();
        set(withHash, "metadata/labels/" + TemplateHash.LABEL, hash);
        ObjectNode replicaSet = TestObjects.replicaSet("web-" + hash, deployment, withHash, replicas);
        set(replicaSet, "metadata/creationTimestamp", created);
        int maxSurge = Fenceposts.scaled(deployment.at("/spec/strategy/rollingUpdate/maxSurge"),
                deployment.at("/spec/replicas").asInt(), true);
        set(replicaSet, "metadata/annotations", parse("""
                {"deployment.kubernetes.io/revision":"%d","deployment.kubernetes.io/desired-replicas":"%d",
                 "deployment.kubernetes.io/max-replicas":"%d"}""".formatted(revision,
                deployment.at("/spec/replicas").asInt(), deployment.at("/spec/replicas").asInt() + maxSurge)));
        set(replicaSet, "status/availableReplicas", available);
        set(replicaSet, "status/readyReplicas", available);
        return replicaSet;
    }

    private static List<Action> sync(ObjectNode deployment, JsonNode... replicaSets) {
        return DeploymentSync.sync(deployment, List.of(replicaSets), List.of(), T0);
    }

    /** The spec.replicas each ReplicaSet is scaled to (patches) or created with. */
    private static Map<String, Integer> sizes(List<Action> actions) {
        Map<String, Integer> sizes = only(actions, Action.Patch.class).stream()
                .filter(p -> p.kind() == Kind.REPLICA_SET && p.patch().at("/spec/replicas").isInt())
                .collect(Collectors.toMap(Action.Patch::name, p -> p.patch().at("/spec/replicas").asInt()));
        for (Action.Create create : only(actions, Action.Create.class)) {
            sizes.put(create.object().at("/metadata/name").asText(), create.object().at("/spec/replicas").asInt());
        }
        return sizes;
    }

    private static Optional<JsonNode> condition(List<Action> actions, String type) {
        for (JsonNode condition : patchOf(actions, Kind.DEPLOYMENT, "web", true).at("/status/conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    private static String newName(ObjectNode template) {
        return "web-" + TemplateHash.of(template, null);
    }

    @Test
    void aNewDeploymentGetsItsFirstReplicaSetAtRevisionOne() {
        ObjectNode deployment = deployment(3, V1);
        set(deployment, "metadata/annotations", parse("{\"kubernetes.io/change-cause\":\"first\","
                + "\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\"}"));
        List<Action> actions = sync(deployment);

        Action.Create create = only(actions, Action.Create.class).get(0);
        ObjectNode replicaSet = create.object();
        String hash = TemplateHash.of(V1, null);
        assertEquals("web-" + hash, replicaSet.at("/metadata/name").asText());
        assertEquals(hash, replicaSet.at("/spec/selector/matchLabels/pod-template-hash").asText());
        assertEquals("web", replicaSet.at("/spec/selector/matchLabels/app").asText());
        assertEquals(hash, replicaSet.at("/spec/template/metadata/labels/pod-template-hash").asText());
        assertEquals(hash, replicaSet.at("/metadata/labels/pod-template-hash").asText());
        assertEquals("uid-web", replicaSet.at("/metadata/ownerReferences/0/uid").asText());
        assertTrue(replicaSet.at("/metadata/ownerReferences/0/controller").asBoolean());
        assertEquals(3, replicaSet.at("/spec/replicas").asInt(), "a first rollout starts every replica at once");
        JsonNode annotations = replicaSet.at("/metadata/annotations");
        assertEquals("1", annotations.path("deployment.kubernetes.io/revision").asText());
        assertEquals("3", annotations.path("deployment.kubernetes.io/desired-replicas").asText());
        assertEquals("4", annotations.path("deployment.kubernetes.io/max-replicas").asText());
        assertEquals("first", annotations.path("kubernetes.io/change-cause").asText(), "rollout history shows it");
        assertFalse(annotations.has("kubectl.kubernetes.io/last-applied-configuration"));

        assertEquals("1", patchOf(actions, Kind.DEPLOYMENT, "web", false)
                .at("/metadata/annotations/deployment.kubernetes.io~1revision").asText());
        ObjectNode status = patchOf(actions, Kind.DEPLOYMENT, "web", true);
        assertEquals(1, status.at("/status/observedGeneration").asInt());
        assertEquals("10", status.at("/metadata/resourceVersion").asText());
        assertEquals("NewReplicaSetCreated", condition(actions, "Progressing").orElseThrow().path("reason").asText());
        assertEquals("MinimumReplicasUnavailable", condition(actions, "Available").orElseThrow().path("reason")
                .asText());
        assertTrue(eventMessages(actions).contains("ScalingReplicaSet: Scaled up replica set web-" + hash + " to 3"),
                eventMessages(actions)::toString);
    }

    @Test
    void aRollingUpdateSurgesThenReplacesAsNewPodsBecomeAvailable() {
        ObjectNode deployment = deployment(4, V2);
        set(deployment, "spec/strategy/rollingUpdate", parse("{\"maxSurge\":1,\"maxUnavailable\":1}"));
        String old = newName(V1);
        String next = newName(V2);

        // New template: one surge pod, and one old pod may go (3 stay available).
        ObjectNode oldRs = replicaSet(deployment, V1, 4, 4, 1, "2024-05-01T09:00:00Z");
        List<Action> first = sync(deployment, oldRs);
        assertEquals(Map.of(next, 1, old, 3), sizes(first));
        assertEquals("2", only(first, Action.Create.class).get(0).object()
                .at("/metadata/annotations/deployment.kubernetes.io~1revision").asText());

        // The old one shrank; the new one may grow while the total stays within 4 + 1.
        ObjectNode newRs = replicaSet(deployment, V2, 1, 0, 2, "2024-05-01T10:00:00Z");
        assertEquals(Map.of(next, 2), sizes(sync(deployment, replicaSet(deployment, V1, 3, 3, 1,
                "2024-05-01T09:00:00Z"), newRs)));

        // 5 pods, the 2 new ones not available yet: nothing may go.
        newRs = replicaSet(deployment, V2, 2, 0, 2, "2024-05-01T10:00:00Z");
        assertEquals(Map.of(), sizes(sync(deployment, replicaSet(deployment, V1, 3, 3, 1,
                "2024-05-01T09:00:00Z"), newRs)));

        // They became available: two old pods go, 3 of 4 stay available.
        newRs = replicaSet(deployment, V2, 2, 2, 2, "2024-05-01T10:00:00Z");
        assertEquals(Map.of(old, 1), sizes(sync(deployment, replicaSet(deployment, V1, 3, 3, 1,
                "2024-05-01T09:00:00Z"), newRs)));
    }

    @Test
    void withoutSurgeOrUnavailabilityOnePodMayStillBeUnavailable() {
        ObjectNode deployment = deployment(2, V2);
        set(deployment, "spec/strategy/rollingUpdate", parse("{\"maxSurge\":0,\"maxUnavailable\":0}"));
        List<Action> actions = sync(deployment, replicaSet(deployment, V1, 2, 2, 1, "2024-05-01T09:00:00Z"));
        assertEquals(Map.of(newName(V2), 0, newName(V1), 1), sizes(actions));
    }

    @Test
    void unhealthyOldPodsAreTakenDownFirst() {
        ObjectNode deployment = deployment(4, V2);
        set(deployment, "spec/strategy/rollingUpdate", parse("{\"maxSurge\":1,\"maxUnavailable\":1}"));
        ObjectNode oldRs = replicaSet(deployment, V1, 4, 1, 1, "2024-05-01T09:00:00Z");
        ObjectNode newRs = replicaSet(deployment, V2, 1, 1, 2, "2024-05-01T10:00:00Z");
        // 5 pods, 3 of them unavailable old ones; minimum availability is 3: the 2 unhealthy old pods may go.
        assertEquals(Map.of(newName(V1), 2), sizes(sync(deployment, oldRs, newRs)));
    }

    @Test
    void recreateStopsEveryOldPodBeforeTheNewReplicaSetStarts() {
        ObjectNode deployment = deployment(3, V2);
        set(deployment, "spec/strategy", parse("{\"type\":\"Recreate\"}"));
        ObjectNode oldRs = replicaSet(deployment, V1, 3, 3, 1, "2024-05-01T09:00:00Z");

        List<Action> first = sync(deployment, oldRs);
        assertEquals(Map.of(newName(V1), 0), sizes(first));
        assertTrue(only(first, Action.Create.class).isEmpty(), "no new ReplicaSet while old ones scale down");

        ObjectNode draining = replicaSet(deployment, V1, 0, 0, 1, "2024-05-01T09:00:00Z");
        set(draining, "status/replicas", 1);
        assertTrue(only(sync(deployment, draining), Action.Create.class).isEmpty(), "old pods still reported");

        ObjectNode drained = replicaSet(deployment, V1, 0, 0, 1, "2024-05-01T09:00:00Z");
        set(drained, "status/replicas", 0);
        ObjectNode stillStopping = TestObjects.terminating(TestObjects.pod("web-old-1", drained,
                drained.at("/spec/template/metadata/labels")));
        assertTrue(only(DeploymentSync.sync(deployment, List.of(drained), List.of(stillStopping), T0),
                Action.Create.class).isEmpty(), "an old pod is still terminating");

        List<Action> last = DeploymentSync.sync(deployment, List.of(drained), List.of(), T0);
        assertEquals(3, only(last, Action.Create.class).get(0).object().at("/spec/replicas").asInt());
    }

    @Test
    void aPausedDeploymentDoesNotRollOutButScales() {
        ObjectNode deployment = deployment(5, V2);
        set(deployment, "spec/paused", true);
        ObjectNode oldRs = replicaSet(deployment, V1, 3, 3, 1, "2024-05-01T09:00:00Z");
        ((ObjectNode) oldRs.at("/metadata/annotations")).put("deployment.kubernetes.io/desired-replicas", "3");
        List<Action> actions = sync(deployment, oldRs);
        assertTrue(only(actions, Action.Create.class).isEmpty(), "no new ReplicaSet while paused");
        assertEquals(Map.of(newName(V1), 5), sizes(actions));
        JsonNode progressing = condition(actions, "Progressing").orElseThrow();
        assertEquals("Unknown", progressing.path("status").asText());
        assertEquals("DeploymentPaused", progressing.path("reason").asText());

        // Once the pass above is written: the old ReplicaSet has the new size; then the Deployment is resumed.
        set(oldRs, "spec/replicas", 5);
        ((ObjectNode) oldRs.at("/metadata/annotations")).put("deployment.kubernetes.io/desired-replicas", "5");
        set(deployment, "spec/paused", false);
        set(deployment, "status", parse("{\"observedGeneration\":1,\"replicas\":3,\"readyReplicas\":3,"
                + "\"availableReplicas\":3}"));
        ((ObjectNode) deployment.get("status")).putArray("conditions").add(progressing);
        List<Action> resumed = sync(deployment, oldRs);
        assertFalse(only(resumed, Action.Create.class).isEmpty(), "resumed: the rollout starts");
        assertEquals("NewReplicaSetCreated", condition(resumed, "Progressing").orElseThrow().path("reason").asText());
    }

    @Test
    void scalingInTheMiddleOfARolloutIsProportional() {
        // Upstream's example: 10 replicas, maxSurge 3, mid-rollout at 8 old + 5 new, scaled to 15.
        ObjectNode sized = deployment(10, V2);
        set(sized, "spec/strategy/rollingUpdate", parse("{\"maxSurge\":3,\"maxUnavailable\":2}"));
        ObjectNode oldRs = replicaSet(sized, V1, 8, 8, 1, "2024-05-01T09:00:00Z");
        ObjectNode newRs = replicaSet(sized, V2, 5, 0, 2, "2024-05-01T10:00:00Z");
        ObjectNode deployment = sized.deepCopy();
        set(deployment, "spec/replicas", 15);
        List<Action> actions = sync(deployment, oldRs, newRs);
        assertEquals(Map.of(newName(V1), 11, newName(V2), 7), sizes(actions));
        assertEquals("15", patchOf(actions, Kind.REPLICA_SET, newName(V2), false)
                .at("/metadata/annotations/deployment.kubernetes.io~1desired-replicas").asText());
        assertEquals("18", patchOf(actions, Kind.REPLICA_SET, newName(V2), false)
                .at("/metadata/annotations/deployment.kubernetes.io~1max-replicas").asText());
    }

    @Test
    void aSingleReplicaSetTakesTheNewSizeAtOnce() {
        ObjectNode deployment = deployment(5, V1);
        ObjectNode current = replicaSet(deployment(2, V1), V1, 2, 2, 1, "2024-05-01T09:00:00Z");
        List<Action> actions = sync(deployment, current);
        assertEquals(Map.of(newName(V1), 5), sizes(actions));
        assertTrue(eventMessages(actions).contains("ScalingReplicaSet: Scaled up replica set " + newName(V1)
                + " to 5 from 2"), eventMessages(actions)::toString);
    }

    @Test
    void undoMakesTheOldReplicaSetTheNewestRevision() {
        ObjectNode deployment = deployment(3, V1);
        set(deployment, "metadata/annotations", parse("{\"deployment.kubernetes.io/revision\":\"2\"}"));
        ObjectNode first = replicaSet(deployment, V1, 0, 0, 1, "2024-05-01T09:00:00Z");
        ObjectNode second = replicaSet(deployment, V2, 3, 3, 2, "2024-05-01T09:30:00Z");
        List<Action> actions = sync(deployment, first, second);
        ObjectNode patch = patchOf(actions, Kind.REPLICA_SET, newName(V1), false);
        assertEquals("3", patch.at("/metadata/annotations/deployment.kubernetes.io~1revision").asText());
        assertEquals("1", patch.at("/metadata/annotations/deployment.kubernetes.io~1revision-history").asText());
        assertEquals(1, patch.at("/spec/replicas").asInt(), "and it rolls out again, one surge pod first");
        assertEquals("3", patchOf(actions, Kind.DEPLOYMENT, "web", false)
                .at("/metadata/annotations/deployment.kubernetes.io~1revision").asText());
    }

    @Test
    void historyBeyondTheLimitIsDeletedOnceTheRolloutIsComplete() {
        ObjectNode deployment = deployment(2, V1);
        set(deployment, "spec/revisionHistoryLimit", 2);
        set(deployment, "status", parse("{\"observedGeneration\":1,\"replicas\":2,\"updatedReplicas\":2,"
                + "\"readyReplicas\":2,\"availableReplicas\":2}"));
        List<JsonNode> replicaSets = new ArrayList<>();
        for (int revision = 1; revision <= 4; revision++) {
            ObjectNode old = replicaSet(deployment, TestObjects.template("web", "nginx:old-" + revision), 0, 0,
                    revision, "2024-05-01T0" + revision + ":00:00Z");
            replicaSets.add(old);
        }
        set((ObjectNode) replicaSets.get(0), "status/replicas", 1);
        replicaSets.add(replicaSet(deployment, V1, 2, 2, 5, "2024-05-01T09:00:00Z"));
        List<Action.Delete> deletes = only(DeploymentSync.sync(deployment, replicaSets, List.of(), T0),
                Action.Delete.class);
        assertEquals(List.of(newName(TestObjects.template("web", "nginx:old-2"))),
                deletes.stream().map(Action.Delete::name).toList(),
                "revisions 1 and 2 are beyond the limit; 1 still has a pod");
    }

    @Test
    void noProgressForTheDeadlineFailsTheRollout() {
        ObjectNode deployment = deployment(2, V2);
        ObjectNode oldRs = replicaSet(deployment, V1, 2, 2, 1, "2024-05-01T09:00:00Z");
        ObjectNode newRs = replicaSet(deployment, V2, 1, 0, 2, "2024-05-01T09:30:00Z");
        String stale = T0.minusSeconds(601).toString();
        set(deployment, "status", parse("""
                {"observedGeneration":1,"replicas":3,"updatedReplicas":1,"readyReplicas":2,"availableReplicas":2,
                 "conditions":[{"type":"Progressing","status":"True","reason":"ReplicaSetUpdated",
                   "lastUpdateTime":"%s","lastTransitionTime":"%s"}]}""".formatted(stale, stale)));
        set(oldRs, "status/replicas", 2);
        set(newRs, "status/replicas", 1);
        JsonNode progressing = condition(sync(deployment, oldRs, newRs), "Progressing").orElseThrow();
        assertEquals("False", progressing.path("status").asText());
        assertEquals("ProgressDeadlineExceeded", progressing.path("reason").asText());
        assertEquals("ReplicaSet \"" + newName(V2) + "\" has timed out progressing.",
                progressing.path("message").asText());
    }

    @Test
    void progressMovesTheDeadlineAndCompletionIsReported() {
        ObjectNode deployment = deployment(2, V1);
        String earlier = T0.minusSeconds(300).toString();
        set(deployment, "status", parse("""
                {"observedGeneration":1,"replicas":2,"updatedReplicas":2,"readyReplicas":1,"availableReplicas":1,
                 "conditions":[{"type":"Progressing","status":"True","reason":"ReplicaSetUpdated",
                   "lastUpdateTime":"%s","lastTransitionTime":"%s"}]}""".formatted(earlier, earlier)));
        ObjectNode current = replicaSet(deployment, V1, 2, 2, 1, "2024-05-01T09:00:00Z");
        List<Action> actions = sync(deployment, current);
        ObjectNode status = patchOf(actions, Kind.DEPLOYMENT, "web", true);
        JsonNode progressing = condition(actions, "Progressing").orElseThrow();
        assertEquals("NewReplicaSetAvailable", progressing.path("reason").asText());
        assertEquals("ReplicaSet \"" + newName(V1) + "\" has successfully progressed.",
                progressing.path("message").asText());
        assertEquals(earlier, progressing.path("lastTransitionTime").asText(), "still True: no transition");
        assertEquals("MinimumReplicasAvailable", condition(actions, "Available").orElseThrow().path("reason")
                .asText());
        // What kubectl rollout status waits for.
        assertEquals(2, status.at("/status/availableReplicas").asInt());
    }

    @Test
    void aNameTakenByAnotherReplicaSetRaisesTheCollisionCount() {
        ObjectNode deployment = deployment(2, V1);
        ObjectNode stranger = TestObjects.replicaSet(newName(V1), deployment(1, V2).put("kind", "Deployment"),
                TestObjects.template("other", "nginx:9"), 1);
        ((ObjectNode) stranger.at("/metadata/ownerReferences/0")).put("uid", "uid-someone-else");
        List<Action> actions = sync(deployment, stranger);
        assertTrue(only(actions, Action.Create.class).isEmpty());
        assertEquals(1, patchOf(actions, Kind.DEPLOYMENT, "web", true).at("/status/collisionCount").asInt());

        set(deployment, "status/collisionCount", 1);
        Action.Create create = only(sync(deployment, stranger), Action.Create.class).get(0);
        assertEquals("web-" + TemplateHash.of(V1, 1), create.object().at("/metadata/name").asText());
    }

    @Test
    void aDeploymentBeingDeletedOnlyReportsStatus() {
        ObjectNode deployment = TestObjects.terminating(deployment(3, V2));
        List<Action> actions = sync(deployment, replicaSet(deployment, V1, 3, 3, 1, "2024-05-01T09:00:00Z"));
        assertTrue(only(actions, Action.Create.class).isEmpty());
        assertEquals(Map.of(), sizes(actions));
    }
}

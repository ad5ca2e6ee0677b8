package io.kumos.placement.workloads;

import static io.kumos.placement.workloads.TestObjects.T0;
import static io.kumos.placement.workloads.TestObjects.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiClient;
import io.kumos.placement.leader.Role;

/**
 * The controllers, their writer and their expectations against an api-gateway in memory, with pods that get
 * scheduled, run, become ready and finish: whole rollouts, Jobs and CronJobs converge as kubectl expects, and stay
 * within their bounds at every step, also when the projection lags a pass behind the API and when the controllers
 * restart in the middle.
 */
class WorkloadSimulationTest {

    private Instant now = T0;
    private final FakeApi api = new FakeApi(() -> now);
    private final FakeNodes nodes = new FakeNodes(api);
    private WorkloadReconciler reconciler = new WorkloadReconciler(api, ZoneOffset.UTC);
    /** The projection lags one pass behind the API: each pass sees the state the previous pass started from. */
    private boolean lagging;
    private Cluster previous;
    private int maxActivePods;

    private void tick() {
        Cluster current = api.cluster();
        Cluster seen = lagging && previous != null ? previous : current;
        previous = current;
        reconciler.reconcile(seen, EnumSet.allOf(Role.class), now);
        nodes.tick(now);
        now = now.plusSeconds(1);
        maxActivePods = Math.max(maxActivePods, (int) api.all(Kind.POD).stream().filter(PodState::active).count());
    }

    private void runUntil(BooleanSupplier done, int maxTicks, Runnable everyTick) {
        for (int i = 0; i < maxTicks; i++) {
            tick();
            everyTick.run();
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError("did not converge in " + maxTicks + " ticks: " + api.all(Kind.DEPLOYMENT)
                + api.all(Kind.REPLICA_SET) + api.all(Kind.JOB));
    }

    /** A restarted placement-service: no memory of what it did, and a projection that has caught up. */
    private void restart() {
        reconciler = new WorkloadReconciler(api, ZoneOffset.UTC);
        previous = null;
    }

    /** What kubectl rollout status waits for. */
    private boolean rolledOut(String name) {
        ObjectNode deployment = api.one(Kind.DEPLOYMENT, name);
        JsonNode status = deployment.path("status");
        int replicas = deployment.at("/spec/replicas").asInt();
        int updated = status.path("updatedReplicas").asInt(0);
        return status.path("observedGeneration").asLong(0) >= Metadata.generation(deployment)
                && updated == replicas && status.path("replicas").asInt(0) == updated
                && status.path("availableReplicas").asInt(0) == updated;
    }

    private List<ObjectNode> activePods() {
        return api.all(Kind.POD).stream().filter(PodState::active).toList();
    }

    private Set<String> images() {
        return activePods().stream().map(p -> p.at("/spec/containers/0/image").asText()).collect(Collectors.toSet());
    }

    private void createDeployment(int replicas, String strategy) {
        ObjectNode deployment = TestObjects.deployment("web", replicas);
        ((ObjectNode) deployment.get("metadata")).remove(List.of("uid", "resourceVersion", "generation",
                "creationTimestamp"));
        deployment.remove("status");
        TestObjects.set(deployment, "spec/strategy", parse(strategy));
        api.create(Kind.DEPLOYMENT.collection("web"), deployment);
    }

    private void patchDeployment(String patch) {
        api.patch(Kind.DEPLOYMENT.path("web", "web"), ApiClient.MERGE_PATCH, parse(patch));
    }

    private void assertAvailableAtLeast(int minimum) {
        long ready = activePods().stream().filter(PodState::ready).count();
        assertTrue(ready >= minimum, "only " + ready + " ready pods at " + now);
    }

    @Test
    void aRollingUpdateRespectsItsBoundsAtEveryStepAndUndoReturns() {
        lagging = true;
        createDeployment(4, "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":1}}");
        runUntil(() -> rolledOut("web"), 60, () -> { });
        assertEquals(4, activePods().size());
        assertEquals("Available", api.one(Kind.DEPLOYMENT, "web").at("/status/conditions/0/type").asText());

        maxActivePods = 0;
        patchDeployment("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\","
                + "\"image\":\"nginx:2\"}]}}}}");
        runUntil(() -> rolledOut("web") && images().equals(Set.of("nginx:2")), 120, () -> assertAvailableAtLeast(3));
        assertTrue(maxActivePods <= 5, "more than replicas + maxSurge pods: " + maxActivePods);
        assertEquals(4, activePods().size());
        assertEquals("2", Metadata.annotation(api.one(Kind.DEPLOYMENT, "web"), "deployment.kubernetes.io/revision"));

        // kubectl rollout undo: the template of revision 1, hash label removed, patched back.
        ObjectNode first = api.all(Kind.REPLICA_SET).stream().filter(rs -> "1".equals(Metadata.annotation(rs,
                "deployment.kubernetes.io/revision"))).findFirst().orElseThrow();
        ObjectNode template = first.at("/spec/template").deepCopy();
        ((ObjectNode) template.at("/metadata/labels")).remove("pod-template-hash");
        api.patch(Kind.DEPLOYMENT.path("web", "web"), ApiClient.MERGE_PATCH,
                TestObjects.JSON.createObjectNode().set("spec", TestObjects.JSON.createObjectNode()
                        .set("template", template)));
        runUntil(() -> rolledOut("web") && images().equals(Set.of("nginx:1")), 120, () -> assertAvailableAtLeast(3));
        assertEquals("3", Metadata.annotation(api.one(Kind.DEPLOYMENT, "web"), "deployment.kubernetes.io/revision"));
        assertEquals("3", Metadata.annotation(api.one(Kind.REPLICA_SET, Metadata.name(first)),
                "deployment.kubernetes.io/revision"), "the old ReplicaSet is the newest revision again");
        assertEquals(2, api.all(Kind.REPLICA_SET).size(), "no third ReplicaSet for a template seen before");
        assertTrue(api.events().stream().anyMatch(e -> e.path("reason").asText().equals("ScalingReplicaSet")
                && e.at("/involvedObject/kind").asText().equals("Deployment")));
    }

    @Test
    void scalingUpAndDownConvergesWithoutDuplicates() {
        lagging = true;
        createDeployment(3, "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\","
                + "\"maxUnavailable\":\"25%\"}}");
        runUntil(() -> rolledOut("web"), 60, () -> { });
        maxActivePods = 0;
        patchDeployment("{\"spec\":{\"replicas\":5}}");
        runUntil(() -> rolledOut("web") && activePods().size() == 5, 60, () -> { });
        assertEquals(5, maxActivePods, "no pod beyond the 5 asked for");
        patchDeployment("{\"spec\":{\"replicas\":1}}");
        runUntil(() -> rolledOut("web") && api.all(Kind.POD).size() == 1, 60, () -> { });
        assertEquals(1, api.all(Kind.REPLICA_SET).size());
    }

    @Test
    void aRestartInTheMiddleOfARolloutConvergesWithoutDuplicatePods() {
        lagging = true;
        createDeployment(6, "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":2,\"maxUnavailable\":0}}");
        runUntil(() -> rolledOut("web"), 60, () -> { });
        maxActivePods = 0;
        // kubectl rollout restart
        patchDeployment("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                + "{\"kubectl.kubernetes.io/restartedAt\":\"2024-05-01T10:00:30Z\"}}}}}");
        for (int i = 0; i < 40 && !rolledOut("web"); i++) {
            tick();
            if (i % 3 == 0) {
                restart();
            }
            assertAvailableAtLeast(6);
        }
        runUntil(() -> rolledOut("web") && activePods().size() == 6, 120, () -> assertAvailableAtLeast(6));
        assertTrue(maxActivePods <= 8, "more than replicas + maxSurge pods: " + maxActivePods);
        Set<String> restarted = activePods().stream().map(p -> p.at("/metadata/annotations").toString())
                .collect(Collectors.toSet());
        assertEquals(1, restarted.size(), "every pod is from the restarted template: " + restarted);
    }

    @Test
    void recreateNeverRunsOldAndNewPodsTogether() {
        createDeployment(3, "{\"type\":\"Recreate\"}");
        runUntil(() -> rolledOut("web"), 60, () -> { });
        patchDeployment("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\","
                + "\"image\":\"nginx:2\"}]}}}}");
        runUntil(() -> rolledOut("web") && images().equals(Set.of("nginx:2")), 60, () -> {
            Set<String> running = api.all(Kind.POD).stream().map(p -> p.at("/spec/containers/0/image").asText())
                    .collect(Collectors.toSet());
            assertTrue(running.size() <= 1, "old and new pods at once: " + running);
        });
    }

    @Test
    void aJobRunsItsCompletionsWithAtMostParallelismPodsAndNoneExtra() {
        lagging = true;
        ObjectNode job = parse("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"batch","namespace":"web"},
                 "spec":{"completions":5,"parallelism":2,"template":{"spec":{"containers":[{"name":"main",
                   "image":"busybox","command":["sh","-c","sleep 1; echo done"]}],"restartPolicy":"Never"}}}}""");
        api.create(Kind.JOB.collection("web"), job);
        runUntil(() -> JobCondition.complete(api.one(Kind.JOB, "batch")), 120, () -> assertTrue(
                activePods().size() <= 2, "more than parallelism pods: " + activePods().size()));
        ObjectNode done = api.one(Kind.JOB, "batch");
        assertEquals(5, done.at("/status/succeeded").asInt());
        assertEquals(5, api.all(Kind.POD).size(), "exactly one pod per completion");
        assertTrue(done.at("/status/completionTime").isTextual());
    }

    @Test
    void aJobWhosePodsKeepFailingFailsAtItsBackoffLimit() {
        nodes.failing(pod -> true);
        ObjectNode job = parse("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"doomed","namespace":"web"},
                 "spec":{"backoffLimit":2,"template":{"spec":{"containers":[{"name":"main","image":"busybox"}],
                   "restartPolicy":"Never"}}}}""");
        api.create(Kind.JOB.collection("web"), job);
        runUntil(() -> JobCondition.failed(api.one(Kind.JOB, "doomed")), 400, () -> { });
        assertEquals(3, api.all(Kind.POD).size(), "backoffLimit 2: the third failure ends it");
    }

    @Test
    void aCronJobRunsEveryMinuteAndKeepsItsHistory() {
        ObjectNode cronJob = parse("""
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick","namespace":"web"},
                 "spec":{"schedule":"*/1 * * * *","concurrencyPolicy":"Forbid","successfulJobsHistoryLimit":2,
                   "failedJobsHistoryLimit":1,
                   "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"busybox"}],
                     "restartPolicy":"OnFailure"}}}}}}""");
        api.create(Kind.CRON_JOB.collection("web"), cronJob);
        Map<Long, Instant> createdByMinute = new TreeMap<>();
        runUntil(() -> createdByMinute.size() >= 5, 6 * 60, () -> {
            api.all(Kind.JOB).forEach(job -> createdByMinute.putIfAbsent(
                    Long.parseLong(Metadata.name(job).substring("tick-".length())),
                    Instant.parse(job.at("/metadata/creationTimestamp").asText())));
            assertTrue(api.all(Kind.JOB).size() <= 3, "history beyond 2 finished + 1 running: " + api.all(Kind.JOB));
        });
        List<Long> minutes = List.copyOf(createdByMinute.keySet());
        long first = minutes.get(0);
        assertEquals(LongStream.range(first, first + minutes.size()).boxed().toList(), minutes,
                "one Job for every minute, none skipped: " + createdByMinute);
        createdByMinute.forEach((minute, created) -> {
            Instant scheduled = Instant.ofEpochSecond(minute * 60);
            assertTrue(!created.isBefore(scheduled) && created.isBefore(scheduled.plusSeconds(10)),
                    "the Job of " + scheduled + " is created within 10 s of it, not at " + created);
        });
        ObjectNode status = api.one(Kind.CRON_JOB, "tick").with("status");
        assertTrue(status.path("lastScheduleTime").isTextual());
        assertTrue(status.path("lastSuccessfulTime").isTextual());
    }

    /** Reading a Job's finishing condition. */
    private static final class JobCondition {

        static boolean complete(JsonNode job) {
            return Conditions.isTrue(job.path("status"), "Complete");
        }

        static boolean failed(JsonNode job) {
            return Conditions.isTrue(job.path("status"), "Failed");
        }
    }
}

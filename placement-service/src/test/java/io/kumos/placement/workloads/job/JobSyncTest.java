package io.kumos.placement.workloads.job;

import static io.kumos.placement.workloads.TestObjects.T0;
import static io.kumos.placement.workloads.TestObjects.eventMessages;
import static io.kumos.placement.workloads.TestObjects.finished;
import static io.kumos.placement.workloads.TestObjects.only;
import static io.kumos.placement.workloads.TestObjects.parse;
import static io.kumos.placement.workloads.TestObjects.patchOf;
import static io.kumos.placement.workloads.TestObjects.pod;
import static io.kumos.placement.workloads.TestObjects.running;
import static io.kumos.placement.workloads.TestObjects.set;
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

/** The Job controller: completions and parallelism, backoff, deadline, suspension, TTL after finishing. */
class JobSyncTest {

    private static ObjectNode job(int completions, int parallelism) {
        ObjectNode job = parse("""
                {"apiVersion":"batch/v1","kind":"Job",
                 "metadata":{"name":"batch","namespace":"web","uid":"uid-batch","resourceVersion":"40","generation":1,
                             "creationTimestamp":"2024-05-01T09:59:00Z"},
                 "spec":{"completions":%d,"parallelism":%d,"backoffLimit":6,"completionMode":"NonIndexed",
                         "suspend":false,
                         "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"uid-batch"}},
                         "template":{"metadata":{"labels":{"batch.kubernetes.io/controller-uid":"uid-batch",
                                       "batch.kubernetes.io/job-name":"batch","controller-uid":"uid-batch",
                                       "job-name":"batch"}},
                                     "spec":{"containers":[{"name":"main","image":"busybox",
                                              "command":["sh","-c","echo done"]}],"restartPolicy":"Never"}}},
                 "status":{}}
                """.formatted(completions, parallelism));
        return job;
    }

    private static ObjectNode jobPod(ObjectNode job, String name) {
        return pod(name, job, job.at("/spec/template/metadata/labels"));
    }

    private static ObjectNode status(List<Action> actions) {
        return (ObjectNode) patchOf(actions, Kind.JOB, "batch", true).get("status");
    }

    private static String conditionReason(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals(type) && condition.path("status").asText().equals("True")) {
                return condition.path("reason").asText();
            }
        }
        return null;
    }

    @Test
    void aNewJobStartsParallelismPodsAndItsClock() {
        ObjectNode job = job(5, 2);
        List<Action> actions = JobSync.sync(job, List.of(), true, T0);
        List<Action.Create> creates = only(actions, Action.Create.class);
        assertEquals(2, creates.size());
        ObjectNode pod = creates.get(0).object();
        assertEquals("batch-", pod.at("/metadata/generateName").asText());
        assertEquals("uid-batch", pod.at("/metadata/labels/batch.kubernetes.io~1controller-uid").asText());
        assertEquals("batch", pod.at("/metadata/labels/job-name").asText());
        assertEquals("Job", pod.at("/metadata/ownerReferences/0/kind").asText());
        assertEquals("Never", pod.at("/spec/restartPolicy").asText());
        ObjectNode status = status(actions);
        assertEquals(T0.toString(), status.path("startTime").asText());
        assertEquals(2, status.path("active").asInt());
        assertEquals(0, status.path("ready").asInt());
    }

    @Test
    void neverMorePodsThanTheCompletionsLeft() {
        ObjectNode job = job(5, 3);
        List<JsonNode> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pods.add(finished(jobPod(job, "done-" + i), "Succeeded", T0));
        }
        List<Action> actions = JobSync.sync(job, pods, true, T0);
        assertEquals(1, only(actions, Action.Create.class).size(), "one completion is left");
        assertEquals(4, status(actions).path("succeeded").asInt());
    }

    @Test
    void enoughSuccessesCompleteTheJob() {
        ObjectNode job = job(2, 2);
        List<Action> actions = JobSync.sync(job, List.of(finished(jobPod(job, "a"), "Succeeded", T0),
                finished(jobPod(job, "b"), "Succeeded", T0)), true, T0.plusSeconds(5));
        ObjectNode status = status(actions);
        assertEquals("CompletionsReached", conditionReason(status, "Complete"));
        assertEquals(T0.plusSeconds(5).toString(), status.path("completionTime").asText());
        assertEquals(2, status.path("succeeded").asInt());
        assertFalse(status.has("active"));
        assertTrue(eventMessages(actions).contains("Completed: Job completed"));
        assertTrue(only(actions, Action.Create.class).isEmpty());
    }

    @Test
    void withoutCompletionsOneSuccessEndsTheJobOnceTheOthersStop() {
        ObjectNode job = job(1, 3);
        ((ObjectNode) job.get("spec")).remove("completions");
        ObjectNode stillRunning = running(jobPod(job, "b"), "node-1", T0);
        List<Action> working = JobSync.sync(job, List.of(finished(jobPod(job, "a"), "Succeeded", T0), stillRunning),
                true, T0);
        assertTrue(only(working, Action.Create.class).isEmpty(), "no new pod once one succeeded");
        assertEquals(null, conditionReason(status(working), "Complete"));

        List<Action> done = JobSync.sync(job, List.of(finished(jobPod(job, "a"), "Succeeded", T0),
                finished(jobPod(job, "b"), "Succeeded", T0)), true, T0);
        assertEquals("CompletionsReached", conditionReason(status(done), "Complete"));
    }

    @Test
    void moreFailuresThanTheBackoffLimitFailTheJobAndStopItsPods() {
        ObjectNode job = job(3, 2);
        set(job, "spec/backoffLimit", 1);
        List<JsonNode> pods = List.of(finished(jobPod(job, "f1"), "Failed", T0), finished(jobPod(job, "f2"),
                "Failed", T0), running(jobPod(job, "r"), "node-1", T0));
        List<Action> actions = JobSync.sync(job, pods, true, T0.plusSeconds(60));
        ObjectNode status = status(actions);
        assertEquals("BackoffLimitExceeded", conditionReason(status, "Failed"));
        assertEquals(2, status.path("failed").asInt());
        assertEquals(List.of("r"), only(actions, Action.Delete.class).stream().map(Action.Delete::name).toList());
        assertTrue(only(actions, Action.Create.class).isEmpty());
        assertTrue(eventMessages(actions).contains("BackoffLimitExceeded: Job has reached the specified backoff "
                + "limit"));
    }

    @Test
    void failuresWithinTheLimitAreRetriedAfterABackoff() {
        ObjectNode job = job(1, 1);
        List<JsonNode> pods = List.of(finished(jobPod(job, "f1"), "Failed", T0),
                finished(jobPod(job, "f2"), "Failed", T0.plusSeconds(10)));
        // Two failures: 20 s after the last one.
        assertTrue(only(JobSync.sync(job, pods, true, T0.plusSeconds(29)), Action.Create.class).isEmpty());
        assertEquals(1, only(JobSync.sync(job, pods, true, T0.plusSeconds(30)), Action.Create.class).size());
        assertEquals(null, conditionReason(status(JobSync.sync(job, pods, true, T0.plusSeconds(30))), "Failed"));
    }

    @Test
    void withRestartPolicyOnFailureContainerRestartsCountAgainstTheLimit() {
        ObjectNode job = job(1, 1);
        set(job, "spec/template/spec/restartPolicy", "OnFailure");
        set(job, "spec/backoffLimit", 2);
        ObjectNode restarting = running(jobPod(job, "r"), "node-1", null);
        ((ObjectNode) restarting.get("status")).putArray("containerStatuses").addObject().put("name", "main")
                .put("restartCount", 2);
        assertEquals("BackoffLimitExceeded", conditionReason(status(JobSync.sync(job, List.of(restarting), true,
                T0)), "Failed"));
    }

    @Test
    void runningPastTheActiveDeadlineFailsTheJob() {
        ObjectNode job = job(1, 1);
        set(job, "spec/activeDeadlineSeconds", 30);
        set(job, "status/startTime", T0.toString());
        ObjectNode runningPod = running(jobPod(job, "r"), "node-1", T0);
        assertEquals(null, conditionReason(status(JobSync.sync(job, List.of(runningPod), true, T0.plusSeconds(29))),
                "Failed"));
        List<Action> actions = JobSync.sync(job, List.of(runningPod), true, T0.plusSeconds(30));
        assertEquals("DeadlineExceeded", conditionReason(status(actions), "Failed"));
        assertEquals(1, only(actions, Action.Delete.class).size());
    }

    @Test
    void aFinishedJobIsDeletedItsTtlAfterFinishing() {
        ObjectNode job = job(1, 1);
        set(job, "spec/ttlSecondsAfterFinished", 100);
        set(job, "status", parse("{\"completionTime\":\"" + T0 + "\",\"succeeded\":1,\"conditions\":"
                + "[{\"type\":\"Complete\",\"status\":\"True\",\"lastTransitionTime\":\"" + T0 + "\"}]}"));
        assertTrue(JobSync.sync(job, List.of(), true, T0.plusSeconds(99)).isEmpty());
        Action.Delete delete = only(JobSync.sync(job, List.of(), true, T0.plusSeconds(100)), Action.Delete.class)
                .get(0);
        assertEquals(Kind.JOB, delete.kind());
        assertEquals("Background", delete.propagationPolicy(), "its pods go with it");

        set(job, "status", parse("{\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\","
                + "\"lastTransitionTime\":\"" + T0 + "\"}]}"));
        assertEquals(1, only(JobSync.sync(job, List.of(), true, T0.plusSeconds(100)), Action.Delete.class).size());
    }

    @Test
    void aSuspendedJobStopsItsPodsAndResumesWithAFreshClock() {
        ObjectNode job = job(2, 2);
        set(job, "spec/suspend", true);
        List<Action> suspended = JobSync.sync(job, List.of(running(jobPod(job, "r"), "node-1", T0)), true, T0);
        assertEquals(1, only(suspended, Action.Delete.class).size());
        assertTrue(only(suspended, Action.Create.class).isEmpty());
        ObjectNode status = status(suspended);
        assertEquals("JobSuspended", conditionReason(status, "Suspended"));

        set(job, "spec/suspend", false);
        job.set("status", status);
        List<Action> resumed = JobSync.sync(job, List.of(), true, T0.plusSeconds(60));
        assertEquals(2, only(resumed, Action.Create.class).size());
        assertEquals(T0.plusSeconds(60).toString(), status(resumed).path("startTime").asText());
    }

    @Test
    void nothingIsCreatedUntilThePreviousPodsShow() {
        assertTrue(only(JobSync.sync(job(3, 3), List.of(), false, T0), Action.Create.class).isEmpty());
    }

    @Test
    void countsNeverGoBackWhenCountedPodsAreDeleted() {
        ObjectNode job = job(5, 5);
        set(job, "status", parse("{\"startTime\":\"" + T0 + "\",\"succeeded\":3}"));
        List<Action> actions = JobSync.sync(job, List.of(finished(jobPod(job, "a"), "Succeeded", T0)), true, T0);
        assertFalse(status(actions).has("succeeded"), "3 stays: the patch does not lower it to 1");
        assertEquals(2, only(actions, Action.Create.class).size(), "3 counted: 2 more pods for 5, not 4");
    }
}

package io.kumos.placement.workloads.cronjob;

import static io.kumos.placement.workloads.TestObjects.eventMessages;
import static io.kumos.placement.workloads.TestObjects.only;
import static io.kumos.placement.workloads.TestObjects.parse;
import static io.kumos.placement.workloads.TestObjects.patchOf;
import static io.kumos.placement.workloads.TestObjects.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.OwnerReferences;

/** The CronJob controller: when Jobs start, under which policy, and how much history stays. */
class CronJobSyncTest {

    private static final Instant TEN = Instant.parse("2024-05-01T10:00:00Z");
    private static final long TEN_MINUTES = TEN.getEpochSecond() / 60;

    private static ObjectNode cronJob(String schedule) {
        return parse("""
                {"apiVersion":"batch/v1","kind":"CronJob",
                 "metadata":{"name":"tick","namespace":"web","uid":"uid-tick","resourceVersion":"50","generation":1,
                             "creationTimestamp":"2024-05-01T09:58:00Z"},
                 "spec":{"schedule":"%s","concurrencyPolicy":"Allow","suspend":false,
                         "successfulJobsHistoryLimit":3,"failedJobsHistoryLimit":1,
                         "jobTemplate":{"metadata":{"labels":{"team":"ops"},"annotations":{"note":"x"}},
                                        "spec":{"backoffLimit":2,"template":{"spec":{
                                          "containers":[{"name":"main","image":"busybox","command":["date"]}],
                                          "restartPolicy":"OnFailure"}}}}},
                 "status":{}}
                """.formatted(schedule));
    }

    /** A Job of the CronJob, scheduled at {@code scheduled} (null: made by hand), finished as {@code finished}. */
    private static ObjectNode job(ObjectNode cronJob, String name, Instant scheduled, String finished,
            Instant started) {
        ObjectNode job = parse("""
                {"apiVersion":"batch/v1","kind":"Job",
                 "metadata":{"name":"%s","namespace":"web","uid":"uid-%s","resourceVersion":"60"},
                 "spec":{},"status":{}}""".formatted(name, name));
        ((ObjectNode) job.get("metadata")).putArray("ownerReferences")
                .add(OwnerReferences.controllerReference(cronJob, Kind.CRON_JOB));
        if (scheduled != null) {
            set(job, "metadata/annotations", parse("{\"" + CronJobSync.SCHEDULED_TIMESTAMP + "\":\"" + scheduled
                    + "\"}"));
        }
        if (started != null) {
            set(job, "status/startTime", started.toString());
        }
        if (finished != null) {
            ((ObjectNode) job.get("status")).putArray("conditions").addObject().put("type", finished)
                    .put("status", "True");
            if (finished.equals("Complete")) {
                set(job, "status/completionTime", started.plusSeconds(30).toString());
            }
        }
        return job;
    }

    private static ObjectNode activeRef(ObjectNode job) {
        return CronJobSync.reference(job);
    }

    private static List<Action> sync(ObjectNode cronJob, List<JsonNode> jobs, Instant now) {
        return CronJobSync.sync(cronJob, jobs, now, ZoneOffset.UTC);
    }

    private static ObjectNode status(List<Action> actions) {
        return (ObjectNode) patchOf(actions, Kind.CRON_JOB, "tick", true).get("status");
    }

    @Test
    void aDueScheduleStartsItsJobOnce() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        List<Action> actions = sync(cronJob, List.of(), TEN.plusSeconds(30));
        Action.Create create = only(actions, Action.Create.class).get(0);
        ObjectNode job = create.object();
        assertEquals("tick-" + TEN_MINUTES, job.at("/metadata/name").asText());
        assertEquals("2024-05-01T10:00:00Z", job.at("/metadata/annotations/batch.kubernetes.io~1cronjob-scheduled-"
                + "timestamp").asText());
        assertEquals("x", job.at("/metadata/annotations/note").asText());
        assertEquals("ops", job.at("/metadata/labels/team").asText());
        assertEquals("CronJob", job.at("/metadata/ownerReferences/0/kind").asText());
        assertTrue(job.at("/metadata/ownerReferences/0/controller").asBoolean());
        assertEquals(2, job.at("/spec/backoffLimit").asInt());
        assertEquals(cronJob, create.owner(), "announced on the CronJob");
        assertEquals("2024-05-01T10:00:00Z", status(actions).path("lastScheduleTime").asText());

        set(cronJob, "status/lastScheduleTime", "2024-05-01T10:00:00Z");
        assertTrue(only(sync(cronJob, List.of(), TEN.plusSeconds(40)), Action.Create.class).isEmpty());
    }

    @Test
    void nothingStartsBeforeTheFirstTime() {
        assertTrue(sync(cronJob("*/5 * * * *"), List.of(), TEN.minusSeconds(1)).isEmpty());
    }

    @Test
    void aJobCreatedBeforeACrashIsRecordedNotCreatedAgain() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        ObjectNode created = job(cronJob, "tick-" + TEN_MINUTES, TEN, null, TEN);
        List<Action> actions = sync(cronJob, List.of(created), TEN.plusSeconds(30));
        assertTrue(only(actions, Action.Create.class).isEmpty());
        ObjectNode status = status(actions);
        assertEquals("2024-05-01T10:00:00Z", status.path("lastScheduleTime").asText());
        assertEquals("uid-tick-" + TEN_MINUTES, status.at("/active/0/uid").asText());
    }

    @Test
    void forbidSkipsARunWhileOneIsActive() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        set(cronJob, "spec/concurrencyPolicy", "Forbid");
        set(cronJob, "status/lastScheduleTime", "2024-05-01T09:55:00Z");
        ObjectNode running = job(cronJob, "tick-old", TEN.minusSeconds(300), null, TEN.minusSeconds(300));
        ((ObjectNode) cronJob.get("status")).putArray("active").add(activeRef(running));
        List<Action> actions = sync(cronJob, List.of(running), TEN.plusSeconds(30));
        assertTrue(only(actions, Action.Create.class).isEmpty());
        assertTrue(eventMessages(actions).contains("JobAlreadyActive: Not starting job because prior execution is "
                + "running and concurrency policy is Forbid"));
    }

    @Test
    void replaceDeletesTheActiveRunFirst() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        set(cronJob, "spec/concurrencyPolicy", "Replace");
        set(cronJob, "status/lastScheduleTime", "2024-05-01T09:55:00Z");
        ObjectNode running = job(cronJob, "tick-old", TEN.minusSeconds(300), null, TEN.minusSeconds(300));
        ((ObjectNode) cronJob.get("status")).putArray("active").add(activeRef(running));
        List<Action> actions = sync(cronJob, List.of(running), TEN.plusSeconds(30));
        Action.Delete delete = only(actions, Action.Delete.class).get(0);
        assertEquals("tick-old", delete.name());
        assertEquals("Background", delete.propagationPolicy());
        assertEquals(1, only(actions, Action.Create.class).size());
        assertTrue(actions.indexOf(delete) < actions.indexOf(only(actions, Action.Create.class).get(0)));
        assertFalse(status(actions).has("active") && !status(actions).path("active").isNull());
    }

    @Test
    void allowRunsConcurrently() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        set(cronJob, "status/lastScheduleTime", "2024-05-01T09:55:00Z");
        ObjectNode running = job(cronJob, "tick-old", TEN.minusSeconds(300), null, TEN.minusSeconds(300));
        ((ObjectNode) cronJob.get("status")).putArray("active").add(activeRef(running));
        List<Action> actions = sync(cronJob, List.of(running), TEN.plusSeconds(30));
        assertEquals(1, only(actions, Action.Create.class).size());
        assertTrue(only(actions, Action.Delete.class).isEmpty());
    }

    @Test
    void aRunLaterThanTheStartingDeadlineIsSkipped() {
        ObjectNode cronJob = cronJob("0 * * * *");
        set(cronJob, "spec/startingDeadlineSeconds", 60);
        assertTrue(only(sync(cronJob, List.of(), TEN.plusSeconds(61)), Action.Create.class).isEmpty());
        assertEquals(1, only(sync(cronJob, List.of(), TEN.plusSeconds(59)), Action.Create.class).size());
    }

    @Test
    void aSuspendedCronJobStartsNothingButKeepsItsStatus() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        set(cronJob, "spec/suspend", true);
        ObjectNode done = job(cronJob, "tick-old", TEN.minusSeconds(300), "Complete", TEN.minusSeconds(300));
        ((ObjectNode) cronJob.get("status")).putArray("active").add(activeRef(done));
        List<Action> actions = sync(cronJob, List.of(done), TEN.plusSeconds(30));
        assertTrue(only(actions, Action.Create.class).isEmpty());
        assertTrue(status(actions).path("active").isNull(), "the finished Job left the active list");
        assertEquals(TEN.minusSeconds(270).toString(), status(actions).path("lastSuccessfulTime").asText());
        assertTrue(eventMessages(actions).contains("SawCompletedJob: Saw completed job: tick-old, condition: "
                + "Complete"));
    }

    @Test
    void finishedJobsBeyondTheHistoryLimitsAreDeletedOldestFirst() {
        ObjectNode cronJob = cronJob("0 0 1 1 *");
        List<JsonNode> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(job(cronJob, "ok-" + i, TEN.minusSeconds(3600 - i), "Complete", TEN.minusSeconds(3600 - i * 60L)));
        }
        for (int i = 0; i < 3; i++) {
            jobs.add(job(cronJob, "bad-" + i, TEN.minusSeconds(3600 - i), "Failed", TEN.minusSeconds(1800 - i * 60L)));
        }
        jobs.add(job(cronJob, "running", TEN, null, TEN));
        List<String> deleted = only(sync(cronJob, jobs, TEN.plusSeconds(30)), Action.Delete.class).stream()
                .map(Action.Delete::name).toList();
        assertEquals(List.of("ok-0", "ok-1", "bad-0", "bad-1"), deleted);
    }

    @Test
    void vanishedJobsLeaveTheActiveList() {
        ObjectNode cronJob = cronJob("0 0 1 1 *");
        ObjectNode gone = job(cronJob, "gone", TEN, null, TEN);
        ((ObjectNode) cronJob.get("status")).putArray("active").add(activeRef(gone));
        List<Action> actions = sync(cronJob, List.of(), TEN.plusSeconds(30));
        assertTrue(status(actions).path("active").isNull());
        assertTrue(eventMessages(actions).contains("MissingJob: Active job went missing: gone"));
    }

    @Test
    void aJobCreatedByHandIsAChildButNeverActive() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        set(cronJob, "spec/concurrencyPolicy", "Forbid");
        set(cronJob, "status/lastScheduleTime", "2024-05-01T09:55:00Z");
        ObjectNode manual = job(cronJob, "tick-manual-abc", null, null, TEN.minusSeconds(100));
        set(manual, "metadata/annotations", parse("{\"cronjob.kubernetes.io/instantiate\":\"manual\"}"));
        List<Action> actions = sync(cronJob, List.of(manual), TEN.plusSeconds(30));
        assertEquals(1, only(actions, Action.Create.class).size(), "Forbid is not held up by a manual run");
    }

    @Test
    void aTimeZoneSetsWhenItRunsAndHowTheTimestampReads() {
        ObjectNode cronJob = cronJob("0 12 * * *");
        set(cronJob, "spec/timeZone", "Europe/Berlin");
        List<Action> actions = sync(cronJob, List.of(), TEN.plusSeconds(30));
        ObjectNode job = only(actions, Action.Create.class).get(0).object();
        assertEquals("tick-" + TEN_MINUTES, job.at("/metadata/name").asText(), "12:00 CEST is 10:00 UTC");
        assertEquals("2024-05-01T12:00:00+02:00", job.at("/metadata/annotations/batch.kubernetes.io~1cronjob-"
                + "scheduled-timestamp").asText());
    }

    @Test
    void anUnknownTimeZoneOrScheduleIsReportedNotRun() {
        ObjectNode cronJob = cronJob("*/5 * * * *");
        set(cronJob, "spec/timeZone", "Mars/Olympus");
        List<Action> actions = sync(cronJob, List.of(), TEN.plusSeconds(30));
        assertTrue(only(actions, Action.Create.class).isEmpty());
        assertTrue(eventMessages(actions).get(0).startsWith("UnknownTimeZone: invalid timeZone: \"Mars/Olympus\""));

        List<Action> unparseable = sync(cronJob("*/5 * * *"), List.of(), TEN.plusSeconds(30));
        assertTrue(eventMessages(unparseable).get(0).startsWith("UnparseableSchedule: "));
    }

    @Test
    void tooManyMissedTimesAreReportedAndTheLatestRuns() {
        ObjectNode cronJob = cronJob("* * * * *");
        set(cronJob, "metadata/creationTimestamp", "2024-04-01T00:00:00Z");
        List<Action> actions = sync(cronJob, List.of(), TEN.plusSeconds(30));
        assertTrue(eventMessages(actions).stream().anyMatch(m -> m.startsWith("TooManyMissedTimes: too many missed "
                + "start times: ")), eventMessages(actions)::toString);
        assertEquals("tick-" + TEN_MINUTES, only(actions, Action.Create.class).get(0).object()
                .at("/metadata/name").asText());
    }
}

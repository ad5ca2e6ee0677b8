package io.kumos.placement.workloads.cronjob;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Conditions;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.MergePatchDiff;
import io.kumos.placement.workloads.Metadata;
import io.kumos.placement.workloads.OwnerReferences;

/**
 * What the CronJob controller does for one CronJob, as upstream's (v2) {@code syncCronJob}: keep
 * {@code status.active} to its running Jobs, trim finished Jobs to the history limits, and, unless suspended,
 * start the Job of the latest scheduled time that is due ({@link MissedRuns}), honouring
 * {@code startingDeadlineSeconds} and {@code concurrencyPolicy} (Allow; Forbid skips a run while one is active;
 * Replace deletes the active ones first).
 *
 * <p>A Job's name is the CronJob's and its scheduled time in minutes since the epoch, so it is created once
 * whatever happens to the controller: after a crash between creating a Job and recording it, the Job found by
 * that name (and by its {@code batch.kubernetes.io/cronjob-scheduled-timestamp} annotation) is recorded instead.
 * Jobs created by hand from the CronJob ({@code kubectl create job --from}) are its children for the history
 * limits but never count as active, as upstream. Pure: the CronJob, its namespace's Jobs and the time in, actions
 * out.
 */
public final class CronJobSync {

    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private CronJobSync() {
    }

    /**
     * @param defaultZone the zone of schedules whose CronJob names none (kube-controller-manager's local zone)
     */
    public static List<Action> sync(JsonNode cronJob, List<JsonNode> jobs, Instant now, ZoneId defaultZone) {
        if (Metadata.terminating(cronJob)) {
            return List.of();
        }
        List<JsonNode> children = jobs.stream().filter(job -> OwnerReferences.controlledBy(job, cronJob)).toList();
        CronJobPass pass = new CronJobPass(cronJob, children);
        pass.reconcileActive();
        pass.trimHistory();
        if (!cronJob.path("spec").path("suspend").asBoolean(false)) {
            schedule(pass, cronJob, jobs, now, defaultZone);
        }
        return pass.actions();
    }

    private static void schedule(CronJobPass pass, JsonNode cronJob, List<JsonNode> jobs, Instant now,
            ZoneId defaultZone) {
        JsonNode spec = cronJob.path("spec");
        ZoneId zone = defaultZone;
        if (spec.path("timeZone").isTextual()) {
            String name = spec.path("timeZone").asText();
            Optional<ZoneId> found = CronSchedule.zoneOf(name);
            if (found.isEmpty()) {
                pass.warning("UnknownTimeZone", "invalid timeZone: \"" + name + "\": unknown time zone " + name);
                return;
            }
            zone = found.get();
        }
        String text = spec.path("schedule").asText("");
        MissedRuns due;
        try {
            CronSchedule schedule = CronSchedule.parse(text, zone);
            Instant earliest = Metadata.time(pass.status.path("lastScheduleTime")).orElse(Metadata.created(cronJob));
            JsonNode deadline = spec.path("startingDeadlineSeconds");
            due = MissedRuns.at(schedule, earliest, deadline.isIntegralNumber() ? deadline.asLong() : null, now);
        } catch (CronSchedule.InvalidScheduleException e) {
            pass.warning("UnparseableSchedule", "unparseable schedule: \"" + text + "\" : " + e.getMessage());
            return;
        }
        if (due.tooMany()) {
            pass.warning("TooManyMissedTimes", "too many missed start times: " + due.missed()
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        if (due.time().isEmpty()) {
            return;
        }
        Instant scheduled = due.time().get();
        JsonNode deadline = spec.path("startingDeadlineSeconds");
        if (deadline.isIntegralNumber() && scheduled.plusSeconds(deadline.asLong()).isBefore(now)) {
            pass.warning("MissSchedule", "Missed scheduled time to start a job: "
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(scheduled.atOffset(ZoneOffset.UTC)));
            return;
        }
        String name = jobName(cronJob, scheduled);
        if (Metadata.time(pass.status.path("lastScheduleTime")).map(scheduled::equals).orElse(false)) {
            return;
        }
        Optional<JsonNode> existing = jobs.stream().filter(job -> Metadata.name(job).equals(name)).findFirst();
        if (existing.isPresent() || pass.activeNamed(name)) {
            // Created by an earlier pass that did not live to record it (or by someone else: then leave it be).
            if (existing.map(job -> OwnerReferences.controlledBy(job, cronJob)).orElse(true)) {
                pass.status.put("lastScheduleTime", Metadata.format(scheduled));
            }
            return;
        }
        String policy = spec.path("concurrencyPolicy").asText("Allow");
        if (policy.equals("Forbid") && pass.hasActive()) {
            pass.normal("JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return;
        }
        if (policy.equals("Replace")) {
            pass.deleteActive();
        }
        pass.create(job(cronJob, name, scheduled, spec.path("timeZone").isTextual() ? zone : ZoneOffset.UTC));
        pass.status.put("lastScheduleTime", Metadata.format(scheduled));
    }

    /** Upstream's job name: the CronJob's, then the scheduled time in minutes since the epoch. */
    static String jobName(JsonNode cronJob, Instant scheduled) {
        return Metadata.name(cronJob) + "-" + scheduled.getEpochSecond() / 60;
    }

    /** Upstream's {@code getJobFromTemplate2}. */
    static ObjectNode job(JsonNode cronJob, String name, Instant scheduled, ZoneId zone) {
        JsonNode template = cronJob.path("spec").path("jobTemplate");
        ObjectNode job = JsonNodeFactory.instance.objectNode();
        job.put("apiVersion", Kind.JOB.apiVersion()).put("kind", Kind.JOB.kind());
        ObjectNode metadata = job.putObject("metadata");
        metadata.put("name", name).put("namespace", Metadata.namespace(cronJob));
        if (template.path("metadata").path("labels").isObject()) {
            metadata.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        ObjectNode annotations = template.path("metadata").path("annotations").isObject()
                ? template.path("metadata").path("annotations").deepCopy() : metadata.objectNode();
        annotations.put(SCHEDULED_TIMESTAMP, scheduled.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        metadata.set("annotations", annotations);
        metadata.putArray("ownerReferences").add(OwnerReferences.controllerReference(cronJob, Kind.CRON_JOB));
        job.set("spec", template.path("spec").deepCopy());
        return job;
    }

    /** A Job's reference in {@code status.active}. */
    static ObjectNode reference(JsonNode job) {
        ObjectNode reference = JsonNodeFactory.instance.objectNode();
        reference.put("apiVersion", Kind.JOB.apiVersion()).put("kind", Kind.JOB.kind())
                .put("name", Metadata.name(job)).put("namespace", Metadata.namespace(job))
                .put("uid", Metadata.uid(job)).put("resourceVersion", Metadata.resourceVersion(job));
        return reference;
    }

    /** The Job's finishing condition type (Complete or Failed), if it finished. */
    static Optional<String> finished(JsonNode job) {
        for (String type : List.of("Complete", "Failed")) {
            if (Conditions.isTrue(job.path("status"), type)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    static ArrayNode emptyList() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static ObjectNode statusPatch(JsonNode cronJob, ObjectNode status) {
        ObjectNode diff = MergePatchDiff.between(cronJob.path("status"), status);
        if (diff.isEmpty()) {
            return diff;
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", Metadata.resourceVersion(cronJob));
        patch.set("status", diff);
        return patch;
    }
}

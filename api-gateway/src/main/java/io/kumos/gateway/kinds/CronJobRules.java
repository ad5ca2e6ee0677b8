package io.kumos.gateway.kinds;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** batch/v1 CronJobs: a valid schedule, concurrency and history defaults, a job template as jobs have. */
final class CronJobRules implements KindRules {

    private static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");

    @Override
    public void applyDefaults(ObjectNode cronJob) {
        ObjectNode spec = Nodes.object(cronJob, "spec");
        Nodes.defaultText(spec, "concurrencyPolicy", "Allow");
        Nodes.defaultBoolean(spec, "suspend", false);
        Nodes.defaultInt(spec, "successfulJobsHistoryLimit", 3);
        Nodes.defaultInt(spec, "failedJobsHistoryLimit", 1);
        Templates.applyDefaults(Nodes.object(Nodes.object(spec, "jobTemplate"), "spec"));
    }

    @Override
    public void prepareForCreate(ObjectNode cronJob) {
        cronJob.putObject("status");
    }

    @Override
    public void validate(ObjectNode cronJob, FieldErrors errors) {
        JsonNode spec = cronJob.path("spec");
        JsonNode schedule = spec.path("schedule");
        if (schedule.asText("").isBlank()) {
            errors.required("spec.schedule", "");
        } else {
            CronSyntax.check(schedule.asText()).ifPresent(problem -> errors.invalid("spec.schedule", schedule, problem));
        }
        JsonNode concurrency = spec.path("concurrencyPolicy");
        if (!CONCURRENCY.contains(concurrency.asText())) {
            errors.notSupported("spec.concurrencyPolicy", concurrency, CONCURRENCY);
        }
        Templates.nonNegative(spec, "startingDeadlineSeconds", "spec", errors);
        JobRules.validateSpec(spec.path("jobTemplate").path("spec"), "spec.jobTemplate.spec", errors);
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }
}

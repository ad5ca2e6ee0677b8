package io.kumos.placement.workloads.cronjob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.Metadata;

/** One pass of the CronJob controller over one CronJob: its Jobs, the working copy of its status, the writes. */
final class CronJobPass {

    private final JsonNode cronJob;
    private final List<JsonNode> children;
    final ObjectNode status;
    private final List<Action> writes = new ArrayList<>();
    private final List<Action> events = new ArrayList<>();

    CronJobPass(JsonNode cronJob, List<JsonNode> children) {
        this.cronJob = cronJob;
        this.children = children;
        this.status = cronJob.path("status").isObject() ? ((ObjectNode) cronJob.path("status")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
    }

    /**
     * Keeps in {@code status.active} the Jobs that still run, drops finished and vanished ones, records a Job this
     * controller scheduled but did not live to record, and moves {@code lastSuccessfulTime} forward.
     */
    void reconcileActive() {
        ArrayNode active = CronJobSync.emptyList();
        Set<String> listed = new HashSet<>();
        for (JsonNode reference : status.path("active")) {
            String uid = reference.path("uid").asText();
            Optional<JsonNode> job = children.stream().filter(j -> Metadata.uid(j).equals(uid)).findFirst();
            if (job.isEmpty()) {
                normal("MissingJob", "Active job went missing: " + reference.path("name").asText());
            } else if (CronJobSync.finished(job.get()).isPresent()) {
                normal("SawCompletedJob", "Saw completed job: " + Metadata.name(job.get()) + ", condition: "
                        + CronJobSync.finished(job.get()).get());
            } else {
                active.add(reference);
                listed.add(uid);
            }
        }
        for (JsonNode job : children) {
            if (!listed.contains(Metadata.uid(job)) && CronJobSync.finished(job).isEmpty()
                    && Metadata.annotation(job, CronJobSync.SCHEDULED_TIMESTAMP) != null) {
                active.add(CronJobSync.reference(job));
            }
            if (CronJobSync.finished(job).filter("Complete"::equals).isPresent()) {
                Optional<Instant> completed = Metadata.time(job.path("status").path("completionTime"));
                Optional<Instant> last = Metadata.time(status.path("lastSuccessfulTime"));
                if (completed.isPresent() && (last.isEmpty() || completed.get().isAfter(last.get()))) {
                    status.put("lastSuccessfulTime", Metadata.format(completed.get()));
                }
            }
        }
        if (active.isEmpty()) {
            status.remove("active");
        } else {
            status.set("active", active);
        }
    }

    /** Deletes the oldest finished Jobs beyond {@code successfulJobsHistoryLimit} and {@code failedJobsHistoryLimit}. */
    void trimHistory() {
        trim("Complete", cronJob.path("spec").path("successfulJobsHistoryLimit"));
        trim("Failed", cronJob.path("spec").path("failedJobsHistoryLimit"));
    }

    private void trim(String finishedAs, JsonNode limit) {
        if (!limit.isIntegralNumber()) {
            return;
        }
        List<JsonNode> finished = new ArrayList<>(children.stream()
                .filter(job -> CronJobSync.finished(job).filter(finishedAs::equals).isPresent()).toList());
        int excess = finished.size() - limit.asInt();
        if (excess <= 0) {
            return;
        }
        // Upstream's byJobStartTime: earliest start first, Jobs that never started last, then by name.
        finished.sort(Comparator.comparing((JsonNode job) -> Metadata.time(job.path("status").path("startTime"))
                .orElse(Instant.MAX)).thenComparing(Metadata::name));
        for (JsonNode job : finished.subList(0, excess)) {
            writes.add(delete(job));
        }
    }

    boolean hasActive() {
        return !status.path("active").isEmpty();
    }

    boolean activeNamed(String name) {
        for (JsonNode reference : status.path("active")) {
            if (name.equals(reference.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Concurrency policy Replace: the running Jobs go before the new one starts. */
    void deleteActive() {
        for (JsonNode reference : status.path("active")) {
            writes.add(new Action.Delete(Kind.JOB, Metadata.namespace(cronJob), reference.path("name").asText(),
                    reference.path("uid").asText(), "Background", cronJob));
        }
        status.remove("active");
    }

    void create(ObjectNode job) {
        writes.add(new Action.Create(Kind.JOB, Metadata.namespace(cronJob), job, cronJob));
    }

    void normal(String reason, String message) {
        events.add(Action.Emit.normal(cronJob, reason, message));
    }

    void warning(String reason, String message) {
        events.add(Action.Emit.warning(cronJob, reason, message));
    }

    private Action delete(JsonNode job) {
        return new Action.Delete(Kind.JOB, Metadata.namespace(job), Metadata.name(job), Metadata.uid(job),
                "Background", cronJob);
    }

    List<Action> actions() {
        List<Action> actions = new ArrayList<>(writes);
        ObjectNode patch = CronJobSync.statusPatch(cronJob, status);
        if (!patch.isEmpty()) {
            actions.add(new Action.Patch(Kind.CRON_JOB, Metadata.namespace(cronJob), Metadata.name(cronJob), true,
                    patch));
        }
        actions.addAll(events);
        return actions;
    }
}

package io.kumos.placement.workloads.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Conditions;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.Metadata;
import io.kumos.placement.workloads.PodRanking;
import io.kumos.placement.workloads.PodState;
import io.kumos.placement.workloads.PodTemplates;

/**
 * One pass of the Job controller over one unfinished Job: its pods counted, the working copy of its status, and
 * the pods to create or delete.
 */
final class JobPass {

    private final JsonNode job;
    private final Instant now;
    private final List<JsonNode> owned;
    private final List<JsonNode> active;
    private final List<Action> events = new ArrayList<>();
    final ObjectNode status;
    private final int succeeded;
    private final int failed;
    private final int failedPods;
    private int activeCount;

    JobPass(JsonNode job, List<JsonNode> owned, Instant now) {
        this.job = job;
        this.now = now;
        this.owned = owned;
        this.status = job.path("status").isObject() ? ((ObjectNode) job.path("status")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        this.active = owned.stream().filter(PodState::active).toList();
        int succeededPods = (int) owned.stream().filter(p -> PodState.phase(p).equals("Succeeded")).count();
        this.failedPods = (int) owned.stream().filter(p -> PodState.phase(p).equals("Failed")).count();
        this.succeeded = Math.max(status.path("succeeded").asInt(0), succeededPods);
        this.failed = Math.max(status.path("failed").asInt(0), failedPods);
        this.activeCount = active.size();
    }

    boolean suspended() {
        return job.path("spec").path("suspend").asBoolean(false);
    }

    /** Shows a suspension, or its end, on the Suspended condition; a resumed Job's deadline starts again. */
    void suspendOrResume() {
        boolean shownSuspended = Conditions.isTrue(status, JobSync.SUSPENDED);
        if (suspended()) {
            if (!shownSuspended) {
                Conditions.set(status, condition(JobSync.SUSPENDED, "True", "JobSuspended", "Job suspended"));
                events.add(Action.Emit.normal(job, "Suspended", "Job suspended"));
            }
            return;
        }
        if (shownSuspended) {
            Conditions.set(status, condition(JobSync.SUSPENDED, "False", "JobResumed", "Job resumed"));
            status.put("startTime", Metadata.format(now));
            events.add(Action.Emit.normal(job, "Resumed", "Job resumed"));
        }
        if (!status.has("startTime")) {
            status.put("startTime", Metadata.format(now));
        }
    }

    /** Why the Job fails now, as its Failed condition, if it does. */
    Optional<ObjectNode> failure() {
        int backoffLimit = job.path("spec").path("backoffLimit").asInt(6);
        if (failed > backoffLimit || pastBackoffLimitOnFailure(backoffLimit)) {
            return Optional.of(condition(JobSync.FAILED, "True", "BackoffLimitExceeded",
                    "Job has reached the specified backoff limit"));
        }
        JsonNode deadline = job.path("spec").path("activeDeadlineSeconds");
        Optional<Instant> start = Metadata.time(status.path("startTime"));
        if (deadline.isIntegralNumber() && start.isPresent() && !suspended()
                && !now.isBefore(start.get().plusSeconds(deadline.asLong()))) {
            return Optional.of(condition(JobSync.FAILED, "True", "DeadlineExceeded",
                    "Job was active longer than specified deadline"));
        }
        return Optional.empty();
    }

    /** With restartPolicy OnFailure, failures are container restarts of the running and pending pods. */
    private boolean pastBackoffLimitOnFailure(int backoffLimit) {
        if (!"OnFailure".equals(job.path("spec").path("template").path("spec").path("restartPolicy").asText())) {
            return false;
        }
        int restarts = 0;
        for (JsonNode pod : owned) {
            String phase = PodState.phase(pod);
            if (phase.equals("Running") || phase.equals("Pending")) {
                restarts += PodState.totalRestarts(pod);
            }
        }
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    /** Deletes every active pod (a failed or suspended Job runs nothing). */
    List<Action> deleteActive() {
        List<Action> deletions = new ArrayList<>();
        for (JsonNode pod : active) {
            deletions.add(delete(pod));
        }
        activeCount = 0;
        return deletions;
    }

    /**
     * Upstream's {@code manageJob}: as many active pods as {@code min(parallelism, completions - succeeded)}
     * (without completions, parallelism until one pod succeeded, then no new ones); new pods wait out the backoff
     * after failures.
     */
    List<Action> manage() {
        int parallelism = job.path("spec").path("parallelism").asInt(1);
        JsonNode completions = job.path("spec").path("completions");
        int wanted;
        if (!completions.isIntegralNumber()) {
            wanted = succeeded > 0 ? activeCount : parallelism;
        } else {
            wanted = Math.max(0, Math.min(completions.asInt() - succeeded, parallelism));
        }
        List<Action> actions = new ArrayList<>();
        if (activeCount > wanted) {
            for (JsonNode pod : PodRanking.removalOrder(active).subList(0, activeCount - wanted)) {
                actions.add(delete(pod));
            }
            activeCount = wanted;
        } else if (activeCount < wanted && !backingOff()) {
            for (int i = activeCount; i < wanted; i++) {
                actions.add(new Action.Create(Kind.POD, Metadata.namespace(job), PodTemplates.pod(job, Kind.JOB, job.path("spec").path("template")), job));
            }
            activeCount = wanted;
        }
        return actions;
    }

    /** After failures, a new pod waits 10 s, doubled for each failed pod, up to 6 min, from the last failure. */
    private boolean backingOff() {
        if (failedPods == 0) {
            return false;
        }
        Optional<Instant> last = Optional.empty();
        for (JsonNode pod : owned) {
            if (PodState.phase(pod).equals("Failed")) {
                Optional<Instant> at = PodState.finishedAt(pod);
                if (at.isPresent() && (last.isEmpty() || at.get().isAfter(last.get()))) {
                    last = at;
                }
            }
        }
        if (last.isEmpty()) {
            return false;
        }
        Duration delay = JobSync.BACKOFF.multipliedBy(1L << Math.min(failedPods - 1, 16));
        if (delay.compareTo(JobSync.MAX_BACKOFF) > 0) {
            delay = JobSync.MAX_BACKOFF;
        }
        return now.isBefore(last.get().plus(delay));
    }

    /** Upstream's completion rule: enough successes (or, without completions, one) and nothing left running. */
    boolean complete() {
        JsonNode completions = job.path("spec").path("completions");
        if (!completions.isIntegralNumber()) {
            return succeeded > 0 && activeCount == 0;
        }
        return succeeded >= completions.asInt() && activeCount == 0;
    }

    List<Action> events() {
        return events;
    }

    /** The status to report: counts (zero ones left out, as upstream), ready pods, the conditions set so far. */
    ObjectNode status() {
        counter("active", activeCount);
        counter("succeeded", succeeded);
        counter("failed", failed);
        status.put("ready", (int) active.stream().filter(PodState::ready).count());
        return status;
    }

    private void counter(String field, int value) {
        if (value == 0) {
            status.remove(field);
        } else {
            status.put(field, value);
        }
    }

    private Action delete(JsonNode pod) {
        return new Action.Delete(Kind.POD, Metadata.namespace(pod), Metadata.name(pod), Metadata.uid(pod),
                "Background", job);
    }

    private ObjectNode condition(String type, String value, String reason, String message) {
        return Conditions.condition(type, value, reason, message, now, Conditions.Style.PROBE_TIME);
    }
}

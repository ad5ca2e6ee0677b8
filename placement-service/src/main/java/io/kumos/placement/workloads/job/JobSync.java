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
import io.kumos.placement.workloads.Claims;
import io.kumos.placement.workloads.Conditions;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.MergePatchDiff;
import io.kumos.placement.workloads.Metadata;

/**
 * What the Job controller does for one Job (NonIndexed completion mode), as upstream's {@code syncJob}: keep
 * {@code min(parallelism, completions - succeeded)} pods running, count succeeded and failed pods, and finish the
 * Job: {@code Complete} when enough pods succeeded, {@code Failed} with reason {@code BackoffLimitExceeded} when
 * more pods failed than {@code backoffLimit} (or, with {@code restartPolicy: OnFailure}, its containers restarted
 * that often), or {@code DeadlineExceeded} after {@code activeDeadlineSeconds}. A finished Job is deleted
 * {@code ttlSecondsAfterFinished} after it finished. {@code spec.suspend} stops its pods until it is resumed.
 *
 * <p>The counts only grow: a pod counted and then deleted stays counted (upstream tracks this with a finalizer on
 * each pod; here the status keeps the highest count seen). Pure: the Job and its namespace's pods in, actions out.
 */
public final class JobSync {

    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String SUSPENDED = "Suspended";
    /** Upstream's pod failure backoff: 10 s doubled on each failure, at most 6 minutes. */
    static final Duration BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(6);

    private JobSync() {
    }

    public static List<Action> sync(JsonNode job, List<JsonNode> pods, boolean settled, Instant now) {
        if (Metadata.terminating(job)) {
            return List.of();
        }
        if (finished(job)) {
            return expire(job, now);
        }
        Claims.Result claim = Claims.claim(job, Kind.JOB, Kind.POD, job.path("spec").path("selector"), pods);
        JobPass pass = new JobPass(job, claim.owned(), now);
        List<Action> actions = new ArrayList<>(claim.actions());
        pass.suspendOrResume();
        Optional<ObjectNode> failure = pass.failure();
        if (failure.isPresent()) {
            actions.addAll(pass.deleteActive());
            Conditions.set(pass.status, failure.get());
            pass.events().add(Action.Emit.warning(job, failure.get().path("reason").asText(),
                    failure.get().path("message").asText()));
        } else if (!pass.suspended()) {
            if (settled) {
                actions.addAll(pass.manage());
            }
            if (pass.complete()) {
                Conditions.set(pass.status, Conditions.condition(COMPLETE, "True", "CompletionsReached",
                        "Reached expected number of succeeded pods", now, Conditions.Style.PROBE_TIME));
                pass.status.put("completionTime", Metadata.format(now));
                pass.events().add(Action.Emit.normal(job, "Completed", "Job completed"));
            }
        } else {
            actions.addAll(pass.deleteActive());
        }
        statusPatch(job, pass.status()).ifPresent(actions::add);
        actions.addAll(pass.events());
        return actions;
    }

    /** Whether the Job has finished: Complete or Failed is True. */
    public static boolean finished(JsonNode job) {
        return Conditions.isTrue(job.path("status"), COMPLETE) || Conditions.isTrue(job.path("status"), FAILED);
    }

    /** When it finished: its completion time, else when it failed. */
    public static Optional<Instant> finishedAt(JsonNode job) {
        Optional<Instant> completion = Metadata.time(job.path("status").path("completionTime"));
        if (completion.isPresent()) {
            return completion;
        }
        return Conditions.find(job.path("status"), FAILED).flatMap(c -> Metadata.time(c.path("lastTransitionTime")));
    }

    /** Upstream's TTL-after-finished controller: the Job and its pods go once their time is up. */
    private static List<Action> expire(JsonNode job, Instant now) {
        JsonNode ttl = job.path("spec").path("ttlSecondsAfterFinished");
        if (!ttl.isIntegralNumber()) {
            return List.of();
        }
        Optional<Instant> finishedAt = finishedAt(job);
        if (finishedAt.isEmpty() || now.isBefore(finishedAt.get().plusSeconds(ttl.asLong()))) {
            return List.of();
        }
        return List.of(new Action.Delete(Kind.JOB, Metadata.namespace(job), Metadata.name(job), Metadata.uid(job),
                "Background", null));
    }

    private static Optional<Action> statusPatch(JsonNode job, ObjectNode status) {
        ObjectNode diff = MergePatchDiff.between(job.path("status"), status);
        if (diff.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", Metadata.resourceVersion(job));
        patch.set("status", diff);
        return Optional.of(new Action.Patch(Kind.JOB, Metadata.namespace(job), Metadata.name(job), true, patch));
    }
}

package io.kumos.placement.workloads.deployment;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Conditions;
import io.kumos.placement.workloads.Metadata;

/**
 * A Deployment's {@code status} as upstream computes it, which {@code kubectl rollout status} reads: the counts
 * summed over its ReplicaSets ({@code updatedReplicas} from the current one), {@code observedGeneration}, the
 * {@code Available} condition (at least {@code replicas - maxUnavailable} pods available), and the
 * {@code Progressing} condition: ReplicaSetUpdated while pods move, NewReplicaSetAvailable once complete,
 * ProgressDeadlineExceeded when nothing moved for {@code progressDeadlineSeconds}, DeploymentPaused and
 * DeploymentResumed around a pause.
 */
final class DeploymentStatuses {

    static final String AVAILABLE = "Available";
    static final String PROGRESSING = CurrentReplicaSet.PROGRESSING;
    static final String COMPLETE_REASON = "NewReplicaSetAvailable";
    static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
    static final String PAUSED_REASON = "DeploymentPaused";

    private DeploymentStatuses() {
    }

    static ObjectNode condition(DeploymentPass pass, String type, String status, String reason, String message) {
        return Conditions.condition(type, status, reason, message, pass.now, Conditions.Style.UPDATE_TIME);
    }

    /** Upstream's {@code checkPausedConditions}: a pause, and its end, show on Progressing (unless timed out). */
    static void checkPaused(DeploymentPass pass) {
        if (!pass.hasProgressDeadline()) {
            return;
        }
        Optional<JsonNode> progressing = Conditions.find(pass.status, PROGRESSING);
        String reason = progressing.map(c -> c.path("reason").asText()).orElse("");
        if (reason.equals(TIMED_OUT_REASON)) {
            return;
        }
        boolean pausedShown = reason.equals(PAUSED_REASON);
        if (pass.paused() && !pausedShown) {
            Conditions.set(pass.status, condition(pass, PROGRESSING, "Unknown", PAUSED_REASON, "Deployment is paused"));
        } else if (!pass.paused() && pausedShown) {
            Conditions.set(pass.status, condition(pass, PROGRESSING, "Unknown", "DeploymentResumed",
                    "Deployment is resumed"));
        }
    }

    /** Upstream's {@code syncDeploymentStatus}: the counts and Available, conditions otherwise as they are. */
    static void syncStatus(DeploymentPass pass) {
        pass.status = calculate(pass);
    }

    /** Upstream's {@code syncRolloutStatus}: the counts, Available, and the progress of the rollout. */
    static void syncRolloutStatus(DeploymentPass pass) {
        ObjectNode next = calculate(pass);
        if (!pass.hasProgressDeadline()) {
            Conditions.remove(next, PROGRESSING);
        }
        Optional<JsonNode> current = Conditions.find(pass.status, PROGRESSING);
        boolean completeBefore = next.path("replicas").asInt(0) == next.path("updatedReplicas").asInt(0)
                && current.map(c -> COMPLETE_REASON.equals(c.path("reason").asText())).orElse(false);
        if (pass.hasProgressDeadline() && !completeBefore) {
            String subject = pass.current() != null ? "ReplicaSet \"" + pass.current().name() + "\""
                    : "Deployment \"" + Metadata.name(pass.deployment) + "\"";
            if (complete(pass, next)) {
                Conditions.set(next, condition(pass, PROGRESSING, "True", COMPLETE_REASON,
                        subject + " has successfully progressed."));
            } else if (progressing(pass, next)) {
                ObjectNode condition = condition(pass, PROGRESSING, "True", "ReplicaSetUpdated",
                        subject + " is progressing.");
                if (current.isPresent()) {
                    if ("True".equals(current.get().path("status").asText())
                            && current.get().has("lastTransitionTime")) {
                        condition.set("lastTransitionTime", current.get().get("lastTransitionTime"));
                    }
                    Conditions.remove(next, PROGRESSING);
                }
                Conditions.set(next, condition);
            } else if (timedOut(pass, next)) {
                Conditions.set(next, condition(pass, PROGRESSING, "False", TIMED_OUT_REASON,
                        subject + " has timed out progressing."));
            }
        }
        pass.status = next;
    }

    /** Upstream's {@code calculateStatus}. Zero counts are left out, as upstream's JSON leaves them out. */
    static ObjectNode calculate(DeploymentPass pass) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int specReplicas = 0;
        for (OwnedReplicaSet replicaSet : pass.all()) {
            replicas += replicaSet.actualReplicas();
            ready += replicaSet.readyReplicas();
            available += replicaSet.availableReplicas();
            specReplicas += replicaSet.replicas();
        }
        int updated = pass.current() == null ? 0 : pass.current().actualReplicas();
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        long generation = Metadata.generation(pass.deployment);
        if (generation > 0) {
            status.put("observedGeneration", generation);
        }
        counter(status, "replicas", replicas);
        counter(status, "updatedReplicas", updated);
        counter(status, "readyReplicas", ready);
        counter(status, "availableReplicas", available);
        counter(status, "unavailableReplicas", Math.max(0, specReplicas - available));
        if (pass.status.has("conditions")) {
            status.set("conditions", pass.status.get("conditions").deepCopy());
        }
        if (pass.status.has("collisionCount")) {
            status.set("collisionCount", pass.status.get("collisionCount"));
        }
        if (available >= pass.replicas() - pass.maxUnavailable()) {
            Conditions.set(status, condition(pass, AVAILABLE, "True", "MinimumReplicasAvailable",
                    "Deployment has minimum availability."));
        } else {
            Conditions.set(status, condition(pass, AVAILABLE, "False", "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability."));
        }
        return status;
    }

    /** Upstream's {@code DeploymentComplete}: every replica updated and available, the latest spec observed. */
    static boolean complete(DeploymentPass pass, JsonNode status) {
        int replicas = pass.replicas();
        return status.path("updatedReplicas").asInt(0) == replicas
                && status.path("replicas").asInt(0) == replicas
                && status.path("availableReplicas").asInt(0) == replicas
                && status.path("observedGeneration").asLong(0) >= Metadata.generation(pass.deployment);
    }

    /** Upstream's {@code DeploymentProgressing}: more updated, ready or available pods, or fewer old ones. */
    private static boolean progressing(DeploymentPass pass, JsonNode next) {
        JsonNode before = pass.deployment.path("status");
        int oldBefore = before.path("replicas").asInt(0) - before.path("updatedReplicas").asInt(0);
        int oldNow = next.path("replicas").asInt(0) - next.path("updatedReplicas").asInt(0);
        return next.path("updatedReplicas").asInt(0) > before.path("updatedReplicas").asInt(0)
                || oldNow < oldBefore
                || next.path("readyReplicas").asInt(0) > before.path("readyReplicas").asInt(0)
                || next.path("availableReplicas").asInt(0) > before.path("availableReplicas").asInt(0);
    }

    /** Upstream's {@code DeploymentTimedOut}: no progress since Progressing was last updated, for the deadline. */
    private static boolean timedOut(DeploymentPass pass, JsonNode next) {
        Optional<JsonNode> condition = Conditions.find(next, PROGRESSING);
        if (condition.isEmpty()) {
            return false;
        }
        String reason = condition.get().path("reason").asText();
        if (reason.equals(COMPLETE_REASON)) {
            return false;
        }
        if (reason.equals(TIMED_OUT_REASON)) {
            return true;
        }
        return Metadata.time(condition.get().path("lastUpdateTime"))
                .map(from -> from.plus(Duration.ofSeconds(pass.progressDeadlineSeconds())).isBefore(pass.now))
                .orElse(false);
    }

    private static void counter(ObjectNode status, String field, int value) {
        if (value != 0) {
            status.put(field, value);
        }
    }
}

package io.kumos.placement.workloads;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** What the controllers read from a pod's status: is it active, ready, available, how often it restarted. */
public final class PodState {

    private PodState() {
    }

    public static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("Pending");
    }

    /** Finished: its phase is Succeeded or Failed, and it will not run again. */
    public static boolean finished(JsonNode pod) {
        String phase = phase(pod);
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    /** Counts toward a controller's replicas: not finished and not being deleted (upstream's IsPodActive). */
    public static boolean active(JsonNode pod) {
        return !finished(pod) && !Metadata.terminating(pod);
    }

    public static boolean ready(JsonNode pod) {
        return readyCondition(pod).map(c -> "True".equals(c.path("status").asText())).orElse(false);
    }

    /** When the pod last became ready (its Ready condition's lastTransitionTime), if it is ready. */
    public static Optional<Instant> readySince(JsonNode pod) {
        if (!ready(pod)) {
            return Optional.empty();
        }
        return readyCondition(pod).flatMap(c -> Metadata.time(c.path("lastTransitionTime")));
    }

    /**
     * Ready for at least {@code minReadySeconds} (upstream's IsPodAvailable): with none, ready is enough; else the
     * Ready condition must have turned True strictly before {@code now - minReadySeconds}.
     */
    public static boolean available(JsonNode pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        return readySince(pod).map(since -> since.plus(Duration.ofSeconds(minReadySeconds)).isBefore(now))
                .orElse(false);
    }

    /** The highest restart count of its containers. */
    public static int maxRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            restarts = Math.max(restarts, status.path("restartCount").asInt(0));
        }
        return restarts;
    }

    /** The restarts of all its containers, init containers included (upstream's OnFailure backoff count). */
    public static int totalRestarts(JsonNode pod) {
        int restarts = 0;
        for (String field : new String[] {"initContainerStatuses", "containerStatuses"}) {
            for (JsonNode status : pod.path("status").path(field)) {
                restarts += status.path("restartCount").asInt(0);
            }
        }
        return restarts;
    }

    /** When a finished pod finished: its containers' latest finishedAt, else its Ready condition's last change. */
    public static Optional<Instant> finishedAt(JsonNode pod) {
        Optional<Instant> latest = Optional.empty();
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            Optional<Instant> at = Metadata.time(status.path("state").path("terminated").path("finishedAt"));
            if (at.isPresent() && (latest.isEmpty() || at.get().isAfter(latest.get()))) {
                latest = at;
            }
        }
        if (latest.isPresent()) {
            return latest;
        }
        return readyCondition(pod).flatMap(c -> Metadata.time(c.path("lastTransitionTime")));
    }

    public static String node(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    private static Optional<JsonNode> readyCondition(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }
}

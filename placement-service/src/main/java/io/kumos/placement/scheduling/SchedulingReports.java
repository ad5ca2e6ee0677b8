package io.kumos.placement.scheduling;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.problems.OncePerObject;
import io.kumos.placement.scheduling.framework.PodInfo;

/**
 * Tells why a pod waits, where {@code kubectl describe pod} shows it: a {@code FailedScheduling} Warning Event and
 * the pod's {@code PodScheduled=False} condition (reason {@code Unschedulable}) with kube-scheduler's message, once
 * per distinct message; and a {@code Scheduled} Event once it is bound. Used by the scheduler's thread, but for
 * {@link #recordScheduled}, which the bind threads call.
 */
final class SchedulingReports {

    private static final Logger LOG = Logger.getLogger(SchedulingReports.class);

    private final ApiClient api;
    private final ObjectMapper json;
    /** An Event recorder per profile: each reports as its scheduler's name, as upstream's profiles do. */
    private final Map<String, EventRecorder> events = new ConcurrentHashMap<>();
    private final Clock clock;
    private final OncePerObject told;
    /** The last FailedScheduling message of each pending pod (by uid): a new Event only when it changes. */
    private final Map<String, String> lastFailure = new HashMap<>();

    SchedulingReports(ApiClient api, ObjectMapper json, Set<String> schedulerNames, Clock clock,
            OncePerObject told) {
        this.api = api;
        this.json = json;
        this.clock = clock;
        this.told = told;
        schedulerNames.forEach(name -> events.put(name, new EventRecorder(api, json, name, null, clock)));
    }

    private EventRecorder recorder(PodInfo pod) {
        return events.computeIfAbsent(pod.schedulerName(), name -> new EventRecorder(api, json, name, null, clock));
    }

    /** The {@code Scheduled} Event of a pod just bound; called from the bind threads. */
    void recordScheduled(PodInfo pod, String node) {
        recorder(pod).normal(pod.json(), "Scheduled", "Successfully assigned " + pod.key() + " to " + node);
    }

    /** The pod is bound: a later failure to place it again is news. */
    void bound(PodInfo pod) {
        lastFailure.remove(pod.uid());
    }

    /** Says why the pod stays pending: an Event and its PodScheduled condition, once per distinct message. */
    void unschedulable(PodInfo pod, String message) {
        if (message.equals(lastFailure.put(pod.uid(), message))) {
            return;
        }
        recorder(pod).warning(pod.json(), "FailedScheduling", message);
        ObjectNode patch = json.createObjectNode();
        patch.putObject("metadata").put("uid", pod.uid());
        patch.putObject("status").putArray("conditions").addObject().put("type", "PodScheduled")
                .put("status", "False").put("reason", "Unschedulable").put("message", message)
                .put("lastTransitionTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            api.patch("/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name() + "/status",
                    "application/strategic-merge-patch+json", patch);
        } catch (ApiCallException e) {
            if (BindOutcome.of(e) == BindOutcome.STALE) {
                LOG.debugf("Marking pod %s unschedulable: the pod changed or went meanwhile (%s)", pod.key(),
                        e.getMessage());
            } else {
                told.warn("the PodScheduled condition of pod " + pod.key(), e.status() + " " + e.getMessage(),
                        "Marking pod " + pod.key() + " unschedulable (its PodScheduled condition) failed ("
                                + e.getMessage() + "); its FailedScheduling Event says why it waits");
            }
        }
    }

    /** Forgets the pods that are no longer pending. */
    void retainOnly(Set<String> pendingUids) {
        lastFailure.keySet().retainAll(pendingUids);
    }
}

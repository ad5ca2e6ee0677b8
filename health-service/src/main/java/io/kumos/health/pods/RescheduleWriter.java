package io.kumos.health.pods;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.problems.Refusals;

/**
 * Carries out a {@link ReschedulePlanner.Plan} through the api-gateway, with an INFO line per decision and the
 * Events {@code kubectl describe pod} shows.
 *
 * <p>An avoid-list is written whole (a JSON merge patch of the one annotation), preconditioned on the Node's
 * resourceVersion, so an entry someone added meanwhile is never lost: the write is refused (409) and decided again
 * next pass. A pod is rescheduled as the taint eviction evicts: a DisruptionTarget condition patched on the pod's
 * resourceVersion, then a graceful deletion preconditioned on its uid and the version that patch produced; its
 * {@code Rescheduled} Event follows the accepted deletion, so it is told once per pod.
 *
 * <p>404 and 409 are normal for a level-triggered controller and logged at DEBUG; an unreachable or failing gateway
 * ends the pass with the {@link ApiCallException}; any other refusal is logged once per object and reason. Blocking:
 * worker threads only, one pass at a time.
 */
final class RescheduleWriter {

    private static final Logger LOG = Logger.getLogger(RescheduleWriter.class);
    private static final String STRATEGIC = "application/strategic-merge-patch+json";

    private final ApiClient api;
    private final EventRecorder events;
    private final RescheduleStats stats;
    private final Refusals refusals = new Refusals();

    RescheduleWriter(ApiClient api, EventRecorder events, RescheduleStats stats) {
        this.api = api;
        this.events = events;
        this.stats = stats;
    }

    /**
     * Writes the steps in order.
     *
     * @param announced uids of pods told why they stay; the pods announced now are added
     */
    void apply(List<ReschedulePlanner.Step> steps, Instant now, Set<String> announced) {
        for (ReschedulePlanner.Step step : steps) {
            try {
                if (step instanceof ReschedulePlanner.Avoid avoid) {
                    avoid(avoid);
                } else if (step instanceof ReschedulePlanner.Reschedule reschedule) {
                    reschedule(reschedule, now);
                } else if (step instanceof ReschedulePlanner.Announce announce) {
                    announce(announce, announced);
                }
            } catch (ApiCallException e) {
                if (e.status() == 0 || e.status() >= 500) {
                    throw e;
                }
                refusals.refused(describe(step), e);
            }
        }
    }

    private void avoid(ReschedulePlanner.Avoid step) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = patch.putObject("metadata")
                .put("resourceVersion", step.node().path("metadata").path("resourceVersion").asText());
        ObjectNode annotations = metadata.putObject("annotations");
        if (step.annotation() == null) {
            annotations.putNull(AvoidPods.ANNOTATION);
        } else {
            annotations.put(AvoidPods.ANNOTATION, step.annotation());
        }
        api.patch("/api/v1/nodes/" + ReschedulePlanner.name(step.node()), ApiClient.MERGE_PATCH, patch);
        String node = ReschedulePlanner.name(step.node());
        if (!step.added().isEmpty()) {
            LOG.infof("Node %s now asks the scheduler to place %s elsewhere: their pods kept failing there", node,
                    step.added());
        }
        if (!step.expired().isEmpty()) {
            LOG.infof("Node %s no longer asks the scheduler to avoid %s: their entries ran out", node,
                    step.expired());
        }
    }

    private void reschedule(ReschedulePlanner.Reschedule step, Instant now) {
        JsonNode pod = step.pod();
        String path = "/api/v1/namespaces/" + ReschedulePlanner.namespace(pod) + "/pods/"
                + ReschedulePlanner.name(pod);
        String version = pod.path("metadata").path("resourceVersion").asText("");
        if (!step.resumed()) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            patch.putObject("metadata").put("resourceVersion", version);
            patch.putObject("status").putArray("conditions").addObject().put("type", "DisruptionTarget")
                    .put("status", "True").put("reason", ReschedulePlanner.DISRUPTION_REASON)
                    .put("message", step.why())
                    .put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
            version = api.patch(path + "/status", STRATEGIC, patch).path("metadata").path("resourceVersion")
                    .asText("");
        }
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
        ObjectNode preconditions = options.putObject("preconditions").put("uid", ReschedulePlanner.uid(pod));
        if (!version.isEmpty()) {
            preconditions.put("resourceVersion", version);
        }
        api.delete(path, options);
        stats.rescheduled();
        LOG.infof("Rescheduling pod %s/%s%s: %s", ReschedulePlanner.namespace(pod), ReschedulePlanner.name(pod),
                step.resumed() ? " (finishing what was begun before)" : "", step.why());
        events.warning(pod, "Rescheduled", step.why());
    }

    private void announce(ReschedulePlanner.Announce step, Set<String> announced) {
        JsonNode pod = step.pod();
        events.record(pod, step.type(), "NotRescheduled", step.why(), null);
        announced.add(ReschedulePlanner.uid(pod));
        stats.notRescheduled();
        LOG.infof("Pod %s/%s keeps failing and stays: %s", ReschedulePlanner.namespace(pod),
                ReschedulePlanner.name(pod), step.why());
    }

    private static String describe(ReschedulePlanner.Step step) {
        if (step instanceof ReschedulePlanner.Avoid avoid) {
            return "the avoid-list of node " + ReschedulePlanner.name(avoid.node());
        } else if (step instanceof ReschedulePlanner.Reschedule reschedule) {
            return "the rescheduling of pod " + ReschedulePlanner.namespace(reschedule.pod()) + "/"
                    + ReschedulePlanner.name(reschedule.pod());
        }
        return step.toString();
    }
}

package io.kumos.health.nodes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.nodes.Taint;
import io.kumos.grid.problems.Refusals;

/**
 * Carries out a {@link LifecyclePlanner.Plan} through the api-gateway, with the Events kubectl describe shows and
 * an INFO line per decision.
 *
 * <p>Every write names the resourceVersion its decision was made from (the grid's projection may lag the record by
 * a moment): a write decided on a stale view is refused (409) and decided again next pass, so nothing is written
 * twice because this replica, or the one before it, already did it. A pod is evicted by a condition patch and then a
 * deletion preconditioned on the version that patch produced and on its uid; a pod already deleting is never
 * deleted again. Within a pass, a write moves its object's version on for the next write to the same object.
 *
 * <p>404 and 409 are normal for a level-triggered controller and logged at DEBUG; an unreachable or failing
 * gateway ends the pass with the {@link ApiCallException} (the caller says so once); any other refusal is logged
 * once per object and reason. Blocking: worker threads only, one pass at a time.
 */
public final class LifecycleWriter {

    private static final Logger LOG = Logger.getLogger(LifecycleWriter.class);
    private static final String STRATEGIC = "application/strategic-merge-patch+json";

    private final ApiClient api;
    private final EventRecorder events;
    private final LifecycleStats stats;
    private final Refusals refusals = new Refusals();

    public LifecycleWriter(ApiClient api, EventRecorder events, LifecycleStats stats) {
        this.api = api;
        this.events = events;
        this.stats = stats;
    }

    /** Writes the steps in order. */
    public void apply(List<LifecyclePlanner.Step> steps, Instant now) {
        Map<String, String> versions = new HashMap<>();
        for (LifecyclePlanner.Step step : steps) {
            try {
                write(step, now, versions);
            } catch (ApiCallException e) {
                if (e.status() == 0 || e.status() >= 500) {
                    throw e;
                }
                refusals.refused(describe(step), e);
            }
        }
    }

    private void write(LifecyclePlanner.Step step, Instant now, Map<String, String> versions) {
        if (step instanceof LifecyclePlanner.MarkNodeUnknown unknown) {
            markUnknown(unknown, versions);
        } else if (step instanceof LifecyclePlanner.SetTaints taints) {
            setTaints(taints, versions);
        } else if (step instanceof LifecyclePlanner.MarkPodNotReady notReady) {
            markPodNotReady(notReady, now, versions);
        } else if (step instanceof LifecyclePlanner.Evict evict) {
            evict(evict, now, versions);
        }
    }

    private void markUnknown(LifecyclePlanner.MarkNodeUnknown step, Map<String, String> versions) {
        String path = nodePath(step.node());
        ObjectNode patch = versioned(step.node(), path, versions);
        patch.putObject("status").set("conditions", step.conditions());
        written(path, api.patch(path + "/status", ApiClient.MERGE_PATCH, patch), versions);
        stats.declaredUnknown(step.silentFor());
        LOG.infof("Node %s: %s; its conditions are now Unknown (%s)", name(step.node()), step.why(),
                NodeConditions.REASON);
    }

    private void setTaints(LifecyclePlanner.SetTaints step, Map<String, String> versions) {
        String path = nodePath(step.node());
        ObjectNode patch = versioned(step.node(), path, versions);
        ObjectNode spec = patch.putObject("spec");
        if (step.taints().isEmpty()) {
            spec.putNull("taints");
        } else {
            ArrayNode taints = spec.putArray("taints");
            step.taints().forEach(taint -> taints.add(taint.toJson()));
        }
        written(path, api.patch(path, ApiClient.MERGE_PATCH, patch), versions);
        String node = name(step.node());
        LOG.infof("Node %s: taints are now %s (%s)", node, step.taints(), step.why());
        if (step.transition() == LifecyclePlanner.Transition.NOT_READY) {
            stats.nodeWentNotReady();
            events.normal(step.node(), "NodeNotReady", "Node " + node + " status is now: NodeNotReady");
        } else if (step.transition() == LifecyclePlanner.Transition.READY) {
            events.normal(step.node(), "NodeReady", "Node " + node + " status is now: NodeReady");
        }
    }

    private void markPodNotReady(LifecyclePlanner.MarkPodNotReady step, Instant now, Map<String, String> versions) {
        String path = podPath(step.pod());
        ObjectNode patch = versioned(step.pod(), path, versions);
        patch.putObject("status").putArray("conditions").addObject().put("type", "Ready").put("status", "False")
                .put("reason", "NodeNotReady").put("message", "Node " + step.node() + " is not ready")
                .put("lastTransitionTime", time(now));
        written(path, api.patch(path + "/status", STRATEGIC, patch), versions);
        stats.podMarkedNotReady();
        LOG.infof("Pod %s marked not ready: %s", podName(step.pod()), step.why());
        events.warning(step.pod(), "NodeNotReady", "Node is not ready");
    }

    private void evict(LifecyclePlanner.Evict step, Instant now, Map<String, String> versions) {
        String path = podPath(step.pod());
        ObjectNode patch = versioned(step.pod(), path, versions);
        patch.putObject("status").putArray("conditions").addObject().put("type", "DisruptionTarget")
                .put("status", "True").put("reason", "DeletionByTaintManager")
                .put("message", "Taint manager: deleting due to NoExecute taint")
                .put("lastTransitionTime", time(now));
        written(path, api.patch(path + "/status", STRATEGIC, patch), versions);
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
        ObjectNode preconditions = options.putObject("preconditions")
                .put("uid", step.pod().path("metadata").path("uid").asText());
        if (versions.containsKey(path)) {
            preconditions.put("resourceVersion", versions.get(path));
        }
        api.delete(path, options);
        stats.evicted();
        String why = step.why() + (step.controlled() ? ""
                : "; it has no controller, so nothing will recreate it (Kubernetes evicts such pods too)");
        LOG.infof("Evicting pod %s from node %s: %s", podName(step.pod()), step.node(), why);
        events.normal(step.pod(), "TaintManagerEviction", "Marking for deletion Pod " + podName(step.pod())
                + " (" + why + ")");
    }

    /** A patch body carrying the version the decision was made from (or this pass's own last write of it). */
    private static ObjectNode versioned(JsonNode object, String path, Map<String, String> versions) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        String version = versions.getOrDefault(path, object.path("metadata").path("resourceVersion").asText(""));
        if (!version.isEmpty()) {
            patch.putObject("metadata").put("resourceVersion", version);
        }
        return patch;
    }

    private static void written(String path, JsonNode answer, Map<String, String> versions) {
        String version = answer.path("metadata").path("resourceVersion").asText("");
        if (!version.isEmpty()) {
            versions.put(path, version);
        } else {
            versions.remove(path);
        }
    }

    private static String describe(LifecyclePlanner.Step step) {
        if (step instanceof LifecyclePlanner.MarkNodeUnknown unknown) {
            return "the Unknown conditions of node " + name(unknown.node());
        } else if (step instanceof LifecyclePlanner.SetTaints taints) {
            return "the taints of node " + name(taints.node());
        } else if (step instanceof LifecyclePlanner.MarkPodNotReady notReady) {
            return "the not-ready mark of pod " + podName(notReady.pod());
        } else if (step instanceof LifecyclePlanner.Evict evict) {
            return "the eviction of pod " + podName(evict.pod());
        }
        return step.toString();
    }

    private static String nodePath(JsonNode node) {
        return "/api/v1/nodes/" + name(node);
    }

    private static String podPath(JsonNode pod) {
        return "/api/v1/namespaces/" + pod.path("metadata").path("namespace").asText() + "/pods/" + name(pod);
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static String podName(JsonNode pod) {
        return pod.path("metadata").path("namespace").asText() + "/" + name(pod);
    }

    private static String time(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

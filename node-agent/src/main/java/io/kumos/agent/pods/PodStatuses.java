package io.kumos.agent.pods;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A pod's status from what its containers are doing, as the kubelet computes it: the phase, the four conditions,
 * the init and app container statuses (state, lastState, ready, started, restartCount, image and container IDs),
 * addresses and start time. Pure: the same views give the same status, so the agent writes only what changed.
 */
final class PodStatuses {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PodStatuses() {
    }

    /**
     * @param previous the status the API has now (for times that must not move)
     * @param now      this pass's time
     */
    static ObjectNode of(JsonNode pod, List<ContainerView> init, List<ContainerView> app, String podIp,
            String hostIp, JsonNode previous, Instant now) {
        String policy = pod.path("spec").path("restartPolicy").asText("Always");
        ObjectNode status = NODES.objectNode();
        List<String> initPending = init.stream().filter(view -> !succeeded(view)).map(ContainerView::name).toList();
        boolean initFailed = init.stream().anyMatch(view -> view.current() != null && view.current().finished()
                && !view.current().succeeded() && view.waiting() == null && policy.equals("Never"));
        String phase = initFailed ? "Failed" : !initPending.isEmpty() ? "Pending" : phase(app, policy);
        status.put("phase", phase);
        List<String> unready = app.stream().filter(view -> !view.ready()).map(ContainerView::name).toList();
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        var conditions = status.putArray("conditions");
        conditions.add(condition(previous, "PodReadyToStartContainers",
                !terminal && !podIp.isEmpty(), null, null, now));
        conditions.add(condition(previous, "Initialized", initPending.isEmpty(), "ContainersNotInitialized",
                "containers with incomplete status: " + list(initPending), now));
        String unreadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
        String unreadyMessage = terminal ? null : "containers with unready status: " + list(unready);
        boolean ready = !terminal && unready.isEmpty() && initPending.isEmpty();
        conditions.add(condition(previous, "Ready", ready, unreadyReason, unreadyMessage, now));
        conditions.add(condition(previous, "ContainersReady", ready, unreadyReason, unreadyMessage, now));
        conditions.add(condition(previous, "PodScheduled", true, null, null, now));
        if (!hostIp.isEmpty()) {
            status.put("hostIP", hostIp);
            status.putArray("hostIPs").addObject().put("ip", hostIp);
        }
        if (!podIp.isEmpty()) {
            status.put("podIP", podIp);
            status.putArray("podIPs").addObject().put("ip", podIp);
        } else if (previous.has("podIP")) {
            status.set("podIP", previous.get("podIP"));
            status.set("podIPs", previous.get("podIPs"));
        }
        status.put("startTime", previous.path("startTime").asText(seconds(now)));
        if (!init.isEmpty()) {
            var statuses = status.putArray("initContainerStatuses");
            init.forEach(view -> statuses.add(containerStatus(view, "PodInitializing")));
        }
        var statuses = status.putArray("containerStatuses");
        String creating = initPending.isEmpty() ? "ContainerCreating" : "PodInitializing";
        app.forEach(view -> statuses.add(containerStatus(view, creating)));
        status.put("qosClass", qosClass(pod));
        return status;
    }

    private static boolean succeeded(ContainerView view) {
        return view.current() != null && view.current().succeeded();
    }

    /** The kubelet's phase rule over the app containers. */
    private static String phase(List<ContainerView> app, String policy) {
        int waiting = 0;
        int running = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerView view : app) {
            RuntimeContainer current = view.current();
            if (current != null && current.running() && view.waiting() == null) {
                running++;
            } else if (current != null && current.finished()) {
                stopped++;
                if (current.succeeded()) {
                    succeeded++;
                }
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if (policy.equals("Always")) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return policy.equals("OnFailure") ? "Running" : "Failed";
        }
        return "Pending";
    }

    private static ObjectNode containerStatus(ContainerView view, String creating) {
        ObjectNode status = NODES.objectNode();
        RuntimeContainer current = view.current();
        status.put("name", view.name());
        ObjectNode state = status.putObject("state");
        if (view.waiting() != null) {
            waiting(state, view.waiting().reason(), view.waiting().message());
        } else if (current == null || !current.running() && !current.finished()) {
            waiting(state, creating, null);
        } else if (current.running()) {
            state.putObject("running").put("startedAt", seconds(current.startedAt()));
        } else {
            terminated(state, current);
        }
        ObjectNode last = status.putObject("lastState");
        RuntimeContainer lastTerminated = view.lastTerminated();
        if (lastTerminated != null) {
            terminated(last, lastTerminated);
        }
        status.put("ready", view.ready());
        status.put("restartCount", current == null ? 0 : current.attempt());
        status.put("image", view.spec().path("image").asText());
        status.put("imageID", current == null || current.imageId() == null ? "" : "docker://" + current.imageId());
        if (current != null) {
            status.put("containerID", "docker://" + current.id());
            status.put("started", view.started());
        } else {
            status.put("started", false);
        }
        return status;
    }

    private static void waiting(ObjectNode state, String reason, String message) {
        ObjectNode waiting = state.putObject("waiting").put("reason", reason);
        if (message != null && !message.isEmpty()) {
            waiting.put("message", message);
        }
    }

    private static void terminated(ObjectNode state, RuntimeContainer container) {
        ObjectNode terminated = state.putObject("terminated");
        boolean startError = !container.error().isEmpty();
        terminated.put("exitCode", startError ? 128 : container.exitCode());
        terminated.put("reason", startError ? "StartError" : container.oomKilled() ? "OOMKilled"
                : container.exitCode() == 0 ? "Completed" : "Error");
        if (startError) {
            terminated.put("message", container.error());
        }
        if (container.startedAt() != null) {
            terminated.put("startedAt", seconds(container.startedAt()));
        }
        if (container.finishedAt() != null) {
            terminated.put("finishedAt", seconds(container.finishedAt()));
        }
        terminated.put("containerID", "docker://" + container.id());
    }

    private static ObjectNode condition(JsonNode previous, String type, boolean met, String reason, String message,
            Instant now) {
        ObjectNode condition = NODES.objectNode().put("type", type).put("status", met ? "True" : "False");
        String since = seconds(now);
        for (JsonNode old : previous.path("conditions")) {
            if (old.path("type").asText().equals(type) && old.path("status").asText().equals(
                    condition.path("status").asText()) && old.has("lastTransitionTime")) {
                since = old.path("lastTransitionTime").asText();
            }
        }
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", since);
        if (!met && reason != null) {
            condition.put("reason", reason);
            if (message != null) {
                condition.put("message", message);
            }
        }
        return condition;
    }

    /** Guaranteed when every container has equal CPU and memory requests and limits, BestEffort with none. */
    static String qosClass(JsonNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : pod.path("spec").path(list)) {
                JsonNode resources = container.path("resources");
                for (String resource : List.of("cpu", "memory")) {
                    JsonNode limit = resources.path("limits").path(resource);
                    JsonNode request = resources.path("requests").path(resource);
                    any |= !limit.isMissingNode() || !request.isMissingNode();
                    guaranteed &= !limit.isMissingNode() && (request.isMissingNode() || request.equals(limit));
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static String list(List<String> names) {
        return names.stream().collect(Collectors.joining(" ", "[", "]"));
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

package io.kumos.agent.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.agent.AgentConfig;
import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.probes.Prober;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.problems.OncePerObject;
import io.kumos.grid.problems.Refusals;

/**
 * One pass over one pod bound to this node, the kubelet's {@code syncPod}: it compares the pod's spec with the
 * pod's Docker containers and takes the next steps (sandbox, init containers in order, containers, restarts after
 * back-off, liveness kills, graceful termination), then writes the status if it changed. A pass never waits for a
 * container: a step that takes time (a grace period, a back-off) is looked at again on a later pass.
 */
@ApplicationScoped
public class PodSync {

    private static final Logger LOG = Logger.getLogger(PodSync.class);
    private static final String COMPONENT = "kubelet";

    private final DockerEngine engine;
    private final ContainerLauncher launcher;
    private final RuntimeContainers runtime;
    private final PodNetwork network;
    private final Prober prober;
    private final ApiClient api;
    private final ObjectMapper json;
    private final AgentConfig config;
    private final EventRecorder events;
    private final Clock clock = Clock.systemUTC();
    /** Failed status writes, told once per pod and reason. */
    private final OncePerObject statusWrites = new OncePerObject(LOG);

    PodSync(DockerEngine engine, ContainerLauncher launcher, RuntimeContainers runtime, PodNetwork network,
            Prober prober, ApiClient api, ObjectMapper json, AgentConfig config) {
        this.engine = engine;
        this.launcher = launcher;
        this.runtime = runtime;
        this.network = network;
        this.prober = prober;
        this.api = api;
        this.json = json;
        this.config = config;
        this.events = new EventRecorder(api, json, COMPONENT, engine.nodeName(), clock);
    }

    /** The pass's view of one pod: its containers by name, newest attempt first. */
    private final class Pass {
        final JsonNode pod;
        final PodRef ref;
        final PodMemory memory;
        final Instant now = clock.instant();
        final Map<String, List<RuntimeContainer>> byName;
        final List<String[]> pendingEvents = new ArrayList<>();
        final Runnable wake;

        Pass(JsonNode pod, List<RuntimeContainer> containers, PodMemory memory, Runnable wake) {
            this.pod = pod;
            this.ref = PodRef.of(pod);
            this.memory = memory;
            this.wake = wake;
            this.byName = containers.stream().collect(Collectors.groupingBy(
                    c -> c.type() + "/" + c.name(), Collectors.collectingAndThen(Collectors.toList(), list -> {
                        list.sort(Comparator.comparingInt(RuntimeContainer::attempt).reversed());
                        return list;
                    })));
        }

        List<RuntimeContainer> attempts(ContainerLabels.Type type, String name) {
            return byName.getOrDefault(type + "/" + name, List.of());
        }

        RuntimeContainer latest(ContainerLabels.Type type, String name) {
            List<RuntimeContainer> attempts = attempts(type, name);
            return attempts.isEmpty() ? null : attempts.get(0);
        }

        String policy() {
            return pod.path("spec").path("restartPolicy").asText("Always");
        }

        void event(String type, String reason, String message, String container) {
            pendingEvents.add(new String[] {type, reason, message, container});
        }
    }

    /**
     * Syncs a pod bound to this node.
     *
     * @param wake asks for another pass of this pod soon (a probe verdict changed)
     */
    void sync(JsonNode pod, List<RuntimeContainer> containers, PodMemory memory, Runnable wake) {
        Pass pass = new Pass(pod, containers, memory, wake);
        if (pod.path("metadata").has("deletionTimestamp")) {
            terminate(pass, containers);
            flushEvents(pass);
            return;
        }
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            releaseSandbox(pass);
            return;
        }
        RuntimeContainer sandbox = pass.latest(ContainerLabels.Type.SANDBOX, ContainerLabels.SANDBOX_NAME);
        String podIp = "";
        if (!finished(pass)) {
            try {
                sandbox = ensureSandbox(pass, sandbox, containers);
                podIp = sandbox.ip();
                runContainers(pass, sandbox);
            } catch (ContainerLauncher.LaunchFailure e) {
                sandboxFailed(pass, e);
            }
        }
        ObjectNode status = status(pass, podIp);
        if (isTerminal(status)) {
            releaseSandbox(pass);
        }
        writeStatus(pass, status);
        flushEvents(pass);
    }

    /** Whether every container is done for good, so the pod needs its sandbox no more. */
    private boolean finished(Pass pass) {
        if (pass.policy().equals("Always")) {
            return false;
        }
        ObjectNode status = status(pass, "");
        return isTerminal(status);
    }

    private static boolean isTerminal(JsonNode status) {
        String phase = status.path("phase").asText();
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    private RuntimeContainer ensureSandbox(Pass pass, RuntimeContainer sandbox, List<RuntimeContainer> containers) {
        if (sandbox != null && sandbox.running()) {
            return sandbox;
        }
        int attempt = 0;
        if (sandbox != null) {
            // The sandbox died under the pod: its containers lost their network; the pod starts over around a new one.
            LOG.infof("Pod %s: sandbox %s is %s; starting the pod over in a new one", pass.ref, sandbox.id(),
                    sandbox.state());
            for (RuntimeContainer container : containers) {
                if (container.type() != ContainerLabels.Type.SANDBOX && container.running()) {
                    launcher.remove(container.id());
                }
            }
            pass.attempts(ContainerLabels.Type.SANDBOX, ContainerLabels.SANDBOX_NAME).forEach(old ->
                    launcher.removeSandbox(old.id()));
            attempt = sandbox.attempt() + 1;
            pass.event("Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.", null);
        }
        String ip;
        String bridge;
        String subnet;
        try {
            subnet = network.ensure();
            bridge = network.name();
            ip = network.addressOf(pass.ref, subnet);
        } catch (RuntimeException e) {
            throw new ContainerLauncher.LaunchFailure("CreatePodSandboxError",
                    "Failed to create pod sandbox: no pod address: " + e.getMessage());
        }
        String id = launcher.startSandbox(pass.pod, pass.ref, attempt, bridge, ip, subnet);
        runtime.forget(id);
        RuntimeContainer started = runtime.of(pass.ref.uid()).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new ContainerLauncher.LaunchFailure("CreatePodSandboxError",
                        "the sandbox " + id + " vanished as it started"));
        pass.memory.failures.remove(ContainerLabels.SANDBOX_NAME);
        return started;
    }

    private void sandboxFailed(Pass pass, ContainerLauncher.LaunchFailure failure) {
        ContainerView.Waiting waiting = new ContainerView.Waiting(failure.reason, failure.getMessage());
        if (!waiting.equals(pass.memory.failures.put(ContainerLabels.SANDBOX_NAME, waiting))) {
            LOG.warnf("Pod %s: %s", pass.ref, failure.getMessage());
            pass.event("Warning", "FailedCreatePodSandBox", failure.getMessage(), null);
        }
    }

    /** Init containers one after the other, each to success; then every container, restarted per policy. */
    private void runContainers(Pass pass, RuntimeContainer sandbox) {
        for (JsonNode init : pass.pod.path("spec").path("initContainers")) {
            RuntimeContainer current = pass.latest(ContainerLabels.Type.INIT, init.path("name").asText());
            if (current != null && current.succeeded()) {
                continue;
            }
            if (current == null || current.finished() && !pass.policy().equals("Never")) {
                advance(pass, init, ContainerLabels.Type.INIT, current, sandbox);
            } else if (!current.running() && !current.finished()) {
                startCreated(pass, init, current);
            }
            return;
        }
        for (JsonNode container : pass.pod.path("spec").path("containers")) {
            String name = container.path("name").asText();
            RuntimeContainer current = pass.latest(ContainerLabels.Type.APP, name);
            if (current == null) {
                advance(pass, container, ContainerLabels.Type.APP, null, sandbox);
            } else if (current.running()) {
                probe(pass, container, current, sandbox);
            } else if (current.finished()) {
                prober.stop(Set.of(current.id()));
                boolean restart = pass.policy().equals("Always")
                        || pass.policy().equals("OnFailure") && !current.succeeded();
                if (restart) {
                    advance(pass, container, ContainerLabels.Type.APP, current, sandbox);
                }
            } else {
                startCreated(pass, container, current);
            }
        }
    }

    /** A container the agent created but did not get to start (it stopped in between): start it now. */
    private void startCreated(Pass pass, JsonNode container, RuntimeContainer created) {
        launcher.start(created.id());
        runtime.forget(created.id());
    }

    /** Starts a container's first attempt, or its next one once the back-off allows. */
    private void advance(Pass pass, JsonNode container, ContainerLabels.Type type, RuntimeContainer current,
            RuntimeContainer sandbox) {
        String name = container.path("name").asText();
        int attempt = 0;
        if (current != null) {
            Instant finished = current.finishedAt() != null ? current.finishedAt()
                    : pass.memory.firstSeenFinished.computeIfAbsent(current.id(), id -> pass.now);
            Backoff backoff = pass.memory.restarts(name);
            Instant readyAt = backoff.readyAt(finished, pass.now);
            if (pass.now.isBefore(readyAt)) {
                String message = "back-off " + backoff.delay().toSeconds() + "s restarting failed container="
                        + name + " pod=" + pass.ref.name() + "_" + pass.ref.namespace() + "(" + pass.ref.uid() + ")";
                pass.memory.failures.put(name, new ContainerView.Waiting("CrashLoopBackOff", message));
                eventOnce(pass, name, "Warning", "BackOff", "Back-off restarting failed container " + name
                        + " in pod " + pass.ref.name() + "_" + pass.ref.namespace() + "(" + pass.ref.uid() + ")");
                return;
            }
            backoff.restarted(pass.now);
            attempt = current.attempt() + 1;
            // Keep the attempt before this one for logs --previous; older ones go.
            List<RuntimeContainer> attempts = pass.attempts(type, name);
            attempts.stream().skip(1).forEach(old -> launcher.remove(old.id()));
        }
        launch(pass, container, type, attempt, sandbox);
    }

    private void launch(Pass pass, JsonNode container, ContainerLabels.Type type, int attempt,
            RuntimeContainer sandbox) {
        String name = container.path("name").asText();
        String image = container.path("image").asText();
        String fieldPath = (type == ContainerLabels.Type.INIT ? "spec.initContainers{" : "spec.containers{")
                + name + "}";
        try {
            Instant pullFailed = pass.memory.pullFailures.get(name);
            if (pullFailed != null && pass.now.isBefore(pass.memory.pulls(name).readyAt(pullFailed, pass.now))) {
                pass.memory.failures.put(name, new ContainerView.Waiting("ImagePullBackOff",
                        "Back-off pulling image \"" + image + "\""));
                eventOnce(pass, name, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"");
                return;
            }
            Instant pullStart = clock.instant();
            boolean pulled = pullOrFail(pass, container, name, image, pullFailed);
            pass.event("Normal", "Pulled", pulled ? "Successfully pulled image \"" + image + "\" in "
                    + Duration.between(pullStart, clock.instant()).toMillis() + "ms"
                    : "Container image \"" + image + "\" already present on machine", fieldPath);
            Map<String, String> env;
            try {
                env = ContainerEnv.resolve(pass.pod, container, sandbox.ip(), config.advertiseAddress(),
                        (resource, object) -> read(pass.ref, resource, object));
            } catch (ContainerEnv.ConfigError e) {
                throw new ContainerLauncher.LaunchFailure("CreateContainerConfigError", e.getMessage());
            }
            String id = launcher.create(container, pass.ref, type, attempt, sandbox.id(), env);
            pass.memory.failures.remove(name);
            pass.memory.lastEvent.remove(name);
            pass.event("Normal", "Created", "Created container " + name, fieldPath);
            Optional<String> refused = launcher.start(id);
            runtime.forget(id);
            if (refused.isPresent()) {
                pass.event("Warning", "Failed", "Error: failed to start container \"" + name + "\": "
                        + refused.get(), fieldPath);
            } else {
                pass.event("Normal", "Started", "Started container " + name, fieldPath);
            }
            if (attempt == 0 && type == ContainerLabels.Type.APP) {
                pass.memory.restarts(name);
            }
        } catch (ContainerLauncher.LaunchFailure failure) {
            pass.memory.failures.put(name, new ContainerView.Waiting(failure.reason, failure.getMessage()));
            eventOnce(pass, name, "Warning", "Failed", "Error: " + (failure.reason.startsWith("ErrImage")
                    ? failure.reason : failure.getMessage()));
        }
    }

    /** Pulls per policy; a failed pull is remembered for the image back-off. */
    private boolean pullOrFail(Pass pass, JsonNode container, String name, String image, Instant lastFailure) {
        try {
            boolean pulled = launcher.ensureImage(container);
            pass.memory.pullFailures.remove(name);
            return pulled;
        } catch (ContainerLauncher.LaunchFailure failure) {
            if (failure.reason.equals("ErrImagePull")) {
                pass.memory.pulls(name).restarted(pass.now);
                pass.memory.pullFailures.put(name, pass.now);
                pass.event("Warning", "Failed", "Failed to pull image \"" + image + "\": " + failure.getMessage(),
                        null);
            }
            throw failure;
        }
    }

    private Optional<JsonNode> read(PodRef pod, String resource, String name) {
        return api.get("/api/v1/namespaces/" + pod.namespace() + "/" + resource + "/" + name);
    }

    /** Keeps a running container under its probes; one that failed its liveness probe is restarted. */
    private void probe(Pass pass, JsonNode container, RuntimeContainer current, RuntimeContainer sandbox) {
        String name = container.path("name").asText();
        boolean wasReady = false;
        for (JsonNode status : pass.pod.path("status").path("containerStatuses")) {
            if (status.path("containerID").asText().equals("docker://" + current.id())) {
                wasReady = status.path("ready").asBoolean(false);
            }
        }
        prober.watch(current.id(), container, sandbox.ip(), wasReady, pass.wake);
        if (!prober.verdict(current.id()).live()) {
            LOG.infof("Pod %s: container %s failed its liveness probe; restarting it", pass.ref, name);
            pass.event("Warning", "Unhealthy", "Liveness probe failed", "spec.containers{" + name + "}");
            pass.event("Normal", "Killing", "Container " + name + " failed liveness probe, will be restarted",
                    "spec.containers{" + name + "}");
            prober.stop(Set.of(current.id()));
            launcher.signal(current.id(), "SIGKILL");
            runtime.forget(current.id());
        }
    }

    /**
     * A pod being deleted: each running container's {@code preStop} hook runs first (within the grace period), then
     * SIGTERM; SIGKILL to what still runs when the grace period is over, then the containers and the sandbox go, the
     * address is given back and the deletion is confirmed. The hooks run on the probe workers: a pass never waits
     * for them, the hook's end asks for the next one.
     */
    private void terminate(Pass pass, List<RuntimeContainer> containers) {
        List<RuntimeContainer> running = containers.stream()
                .filter(c -> c.type() != ContainerLabels.Type.SANDBOX && c.running()).toList();
        if (pass.memory.terminationDeadline == null) {
            long grace = pass.pod.path("metadata").path("deletionGracePeriodSeconds").asLong(
                    pass.pod.path("spec").path("terminationGracePeriodSeconds").asLong(30));
            pass.memory.terminationDeadline = pass.now.plusSeconds(grace);
            for (RuntimeContainer container : running) {
                pass.event("Normal", "Killing", "Stopping container " + container.name(),
                        "spec.containers{" + container.name() + "}");
                JsonNode preStop = containerSpec(pass.pod, container.name()).path("lifecycle").path("preStop");
                if (!preStop.isMissingNode() && grace > 0) {
                    pass.memory.preStopHooks.put(container.id(), prober.hook(container.id(), preStop,
                            pass.pod.path("status").path("podIP").asText(""),
                            containerSpec(pass.pod, container.name()).path("ports"), Duration.ofSeconds(grace),
                            pass.wake));
                }
            }
        }
        for (RuntimeContainer container : running) {
            CompletableFuture<Boolean> hook = pass.memory.preStopHooks.get(container.id());
            if (hook != null && !hook.isDone() || !pass.memory.stopSignalled.add(container.id())) {
                continue;
            }
            if (hook != null && !hook.join()) {
                pass.event("Warning", "FailedPreStopHook", "PreStop hook for container " + container.name()
                        + " failed or did not end within the grace period",
                        "spec.containers{" + container.name() + "}");
            }
            launcher.signal(container.id(), "SIGTERM");
            runtime.forget(container.id());
        }
        if (!running.isEmpty() && pass.now.isBefore(pass.memory.terminationDeadline)) {
            return;
        }
        removeAll(pass.ref.uid(), containers);
        confirmDeletion(pass.ref);
    }

    private static JsonNode containerSpec(JsonNode pod, String name) {
        for (JsonNode container : pod.path("spec").path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        return MissingNode.getInstance();
    }

    /** Kills one container at once (fencing), and stops probing it. */
    void kill(RuntimeContainer container) {
        prober.stop(Set.of(container.id()));
        launcher.signal(container.id(), "SIGKILL");
        runtime.forget(container.id());
    }

    /** Removes every container of a pod and gives its address back: a deleted pod, or one not bound here. */
    void removeAll(String podUid, List<RuntimeContainer> containers) {
        Set<String> ids = new HashSet<>();
        containers.forEach(container -> ids.add(container.id()));
        prober.stop(ids);
        for (RuntimeContainer container : containers) {
            if (container.type() != ContainerLabels.Type.SANDBOX) {
                launcher.remove(container.id());
            }
        }
        containers.stream().filter(c -> c.type() == ContainerLabels.Type.SANDBOX)
                .forEach(sandbox -> launcher.removeSandbox(sandbox.id()));
        launcher.releaseForwardSockets(podUid);
        network.release(podUid);
    }

    /** A pod that is done for good keeps its containers (for their logs) but not its sandbox and address. */
    private void releaseSandbox(Pass pass) {
        List<RuntimeContainer> sandboxes = pass.attempts(ContainerLabels.Type.SANDBOX, ContainerLabels.SANDBOX_NAME);
        if (!sandboxes.isEmpty()) {
            sandboxes.forEach(sandbox -> launcher.removeSandbox(sandbox.id()));
            launcher.releaseForwardSockets(pass.ref.uid());
            network.release(pass.ref.uid());
        }
    }

    private void confirmDeletion(PodRef ref) {
        ObjectNode options = json.createObjectNode().put("gracePeriodSeconds", 0);
        options.putObject("preconditions").put("uid", ref.uid());
        try {
            api.delete(ref.path(), options);
            LOG.debugf("Deletion of pod %s confirmed", ref);
        } catch (ApiCallException e) {
            if (e.status() != 404 && e.status() != 409) {
                throw e;
            }
        }
    }

    private ObjectNode status(Pass pass, String podIp) {
        List<ContainerView> init = views(pass, "initContainers", ContainerLabels.Type.INIT);
        List<ContainerView> app = views(pass, "containers", ContainerLabels.Type.APP);
        return PodStatuses.of(pass.pod, init, app, podIp, config.advertiseAddress(), pass.pod.path("status"),
                pass.now);
    }

    private List<ContainerView> views(Pass pass, String list, ContainerLabels.Type type) {
        List<ContainerView> views = new ArrayList<>();
        for (JsonNode container : pass.pod.path("spec").path(list)) {
            String name = container.path("name").asText();
            List<RuntimeContainer> attempts = pass.attempts(type, name);
            RuntimeContainer current = attempts.isEmpty() ? null : attempts.get(0);
            RuntimeContainer previous = attempts.size() > 1 ? attempts.get(1) : null;
            ContainerView.Waiting waiting = pass.memory.failures.get(name);
            if (waiting == null && current == null) {
                waiting = pass.memory.failures.get(ContainerLabels.SANDBOX_NAME);
            }
            if (waiting != null && current != null && current.running()) {
                waiting = null;
            }
            boolean running = current != null && current.running();
            Prober.Verdict verdict = running ? prober.verdict(current.id()) : null;
            boolean ready = running && (type == ContainerLabels.Type.INIT || verdict.ready());
            boolean started = running && (type == ContainerLabels.Type.INIT || verdict.started());
            views.add(new ContainerView(container, type, current, previous, waiting, ready, started));
        }
        return views;
    }

    private void writeStatus(Pass pass, ObjectNode status) {
        JsonNode written = pass.memory.writtenStatus != null ? pass.memory.writtenStatus : pass.pod.path("status");
        if (status.equals(written)) {
            return;
        }
        ObjectNode patch = json.createObjectNode();
        patch.set("status", status);
        patch.putObject("metadata").put("uid", pass.ref.uid());
        String object = "pod " + pass.ref;
        try {
            api.patch(pass.ref.path() + "/status", ApiClient.MERGE_PATCH, patch);
            pass.memory.writtenStatus = status;
            statusWrites.recovered(object, "The status of " + object + " is written again");
        } catch (ApiCallException e) {
            if (Refusals.stale(e)) {
                // The uid in the patch is a precondition: the pod was deleted, or replaced by another of its name.
                LOG.debugf("Pod %s: its status is not written, the pod is gone or replaced: %s", pass.ref,
                        e.getMessage());
            } else {
                statusWrites.warn(object, e.status() + " " + e.getMessage(), "Writing the status of " + object
                        + " failed (" + e.getMessage() + "); written again on its next sync. Is the api-gateway up? "
                        + "Check './kumos status'.");
            }
        }
    }

    private void eventOnce(Pass pass, String container, String type, String reason, String message) {
        String key = reason + ":" + message;
        if (!key.equals(pass.memory.lastEvent.put(container, key))) {
            pass.event(type, reason, message, "spec.containers{" + container + "}");
        }
    }

    private void flushEvents(Pass pass) {
        for (String[] event : pass.pendingEvents) {
            events.record(pass.pod, event[0], event[1], event[2], event[3]);
        }
    }
}

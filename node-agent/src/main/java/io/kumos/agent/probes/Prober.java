package io.kumos.agent.probes;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.docker.DockerEngine;

/**
 * Runs the startup, liveness and readiness probes of the running containers of this node's pods, each on its own
 * period on the {@code probe-worker} threads (never an event loop: exec probes block on the engine), and keeps each
 * container's verdict for the pod workers, which it wakes when a verdict changes.
 */
@ApplicationScoped
public class Prober {

    private final DockerEngine engine;
    private final ScheduledExecutorService workers;
    private final Map<String, ContainerProbes> probes = new ConcurrentHashMap<>();

    Prober(DockerEngine engine) {
        this.engine = engine;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(4, runnable -> {
            Thread thread = new Thread(runnable, "probe-worker");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.workers = pool;
    }

    /**
     * Starts probing a running container unless it is probed already.
     *
     * @param wasReady whether the API last saw it ready: an agent that restarts keeps a ready container ready until
     *                 its readiness probe says otherwise, instead of flapping every pod it adopts to unready
     * @param changed  called (on a probe worker) when the verdict changes
     */
    public void watch(String containerId, JsonNode container, String podIp, boolean wasReady, Runnable changed) {
        probes.computeIfAbsent(containerId, id -> new ContainerProbes(id, container, podIp, wasReady, engine,
                workers, changed));
    }

    /** The verdict on a container; one not watched (not running) has passed nothing. */
    public Verdict verdict(String containerId) {
        ContainerProbes container = probes.get(containerId);
        return container == null ? Verdict.NOT_WATCHED : container.verdict();
    }

    /** Stops probing these containers (they finished, or are being removed). */
    public void stop(java.util.Collection<String> containerIds) {
        for (String id : containerIds) {
            ContainerProbes container = probes.remove(id);
            if (container != null) {
                container.stop();
            }
        }
    }

    /**
     * Stops probing containers that are gone: every container watched before {@code listedAt} that is not among
     * these running ones (a container watched since may have started after the list was taken).
     */
    public void retain(Set<String> runningIds, java.time.Instant listedAt) {
        probes.entrySet().removeIf(entry -> {
            if (runningIds.contains(entry.getKey()) || entry.getValue().since().isAfter(listedAt)) {
                return false;
            }
            entry.getValue().stop();
            return true;
        });
    }

    /**
     * Runs a lifecycle hook of a container (its {@code preStop}: exec, httpGet or sleep) once on a probe worker,
     * within {@code timeout}; the future tells whether it succeeded, and {@code done} is called when it ends.
     */
    public CompletableFuture<Boolean> hook(String containerId, JsonNode handler, String podIp, JsonNode ports,
            Duration timeout, Runnable done) {
        ProbeCheck check = ProbeCheck.of(handler, new ProbeCheck.Target(engine, containerId, podIp, ports), timeout);
        return CompletableFuture.supplyAsync(check::passes, workers)
                .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((passed, failure) -> done.run());
    }

    /** Whether a container passed its probes: readiness, startup, and that it has not failed its liveness probe. */
    public record Verdict(boolean ready, boolean started, boolean live) {

        /** The verdict on a container not probed (yet): it has passed nothing, and failed nothing either. */
        public static final Verdict NOT_WATCHED = new Verdict(false, false, true);
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}

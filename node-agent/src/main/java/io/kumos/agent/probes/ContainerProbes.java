package io.kumos.agent.probes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.docker.DockerEngine;

/**
 * The probes of one running container with the Kubernetes parameters ({@code initialDelaySeconds},
 * {@code periodSeconds}, {@code timeoutSeconds}, {@code successThreshold}, {@code failureThreshold}): until the
 * startup probe has passed, neither liveness nor readiness is probed; liveness fails after {@code failureThreshold}
 * failures in a row; readiness flips each way after its threshold of results in a row.
 */
final class ContainerProbes {

    private static final Logger LOG = Logger.getLogger(ContainerProbes.class);

    private final String containerId;
    private final Runnable changed;
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
    private volatile boolean ready;
    private volatile boolean started;
    private volatile boolean live = true;
    private final java.time.Instant since = java.time.Instant.now();

    ContainerProbes(String containerId, JsonNode container, String podIp, boolean wasReady, DockerEngine engine,
            ScheduledExecutorService workers, Runnable changed) {
        this.containerId = containerId;
        this.changed = changed;
        JsonNode startup = container.get("startupProbe");
        JsonNode liveness = container.get("livenessProbe");
        JsonNode readiness = container.get("readinessProbe");
        this.started = startup == null;
        this.ready = readiness == null || wasReady && started;
        ProbeCheck.Target target = new ProbeCheck.Target(engine, containerId, podIp, container.path("ports"));
        if (startup != null) {
            schedule(workers, startup, target, "startup");
        }
        if (liveness != null) {
            schedule(workers, liveness, target, "liveness");
        }
        if (readiness != null) {
            schedule(workers, readiness, target, "readiness");
        }
    }

    Prober.Verdict verdict() {
        return new Prober.Verdict(ready && started, started, live);
    }

    java.time.Instant since() {
        return since;
    }

    void stop() {
        synchronized (schedules) {
            schedules.forEach(schedule -> schedule.cancel(true));
        }
    }

    private void schedule(ScheduledExecutorService workers, JsonNode probe, ProbeCheck.Target target, String kind) {
        long initialDelay = probe.path("initialDelaySeconds").asLong(0);
        long period = Math.max(1, probe.path("periodSeconds").asLong(10));
        Duration timeout = Duration.ofSeconds(Math.max(1, probe.path("timeoutSeconds").asLong(1)));
        int successThreshold = Math.max(1, probe.path("successThreshold").asInt(1));
        int failureThreshold = Math.max(1, probe.path("failureThreshold").asInt(3));
        ProbeCheck check = ProbeCheck.of(probe, target, timeout);
        int[] streak = {0, 0};
        Runnable run = () -> {
            if (!kind.equals("startup") && !started || kind.equals("startup") && started) {
                return;
            }
            boolean passed = check.passes();
            streak[passed ? 0 : 1]++;
            streak[passed ? 1 : 0] = 0;
            boolean before = verdictBit(kind);
            if (passed && streak[0] >= successThreshold) {
                set(kind, true);
            } else if (!passed && streak[1] >= failureThreshold) {
                set(kind, false);
            }
            if (before != verdictBit(kind)) {
                LOG.debugf("Container %s: %s probe now %s (%s)", containerId, kind, verdictBit(kind) ? "passes"
                        : "fails", check);
                changed.run();
            }
        };
        synchronized (schedules) {
            schedules.add(workers.scheduleWithFixedDelay(run, initialDelay, period, TimeUnit.SECONDS));
        }
    }

    private boolean verdictBit(String kind) {
        return switch (kind) {
            case "startup" -> started;
            case "liveness" -> live;
            default -> ready;
        };
    }

    private void set(String kind, boolean value) {
        switch (kind) {
            case "startup" -> started = value || started;
            case "liveness" -> live = value;
            default -> ready = value;
        }
    }
}

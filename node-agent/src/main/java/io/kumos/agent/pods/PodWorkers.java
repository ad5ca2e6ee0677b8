package io.kumos.agent.pods;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.AgentConfig;
import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.probes.Prober;
import io.kumos.grid.informers.ControllerLoop;
import io.kumos.grid.informers.InformerSelection;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.problems.OncePerObject;

/**
 * The agent's sync loop: every {@code sync-period}, and at once when one of this node's pods changed, it reads the
 * pods bound to this node from their informer (which holds those only: the grid sends it no other pod's change) and
 * the node's containers from the engine, and hands each pod to a {@code pod-worker} thread for a {@link PodSync} pass
 * (one pass per pod at a time; a pod asked for meanwhile gets one more pass after). Containers of pods that are no
 * longer bound here (deleted, or evicted and bound elsewhere) are removed; containers of pods that still are, are
 * adopted as they are, so an agent restart restarts nothing.
 */
@ApplicationScoped
public class PodWorkers {

    private static final Logger LOG = Logger.getLogger(PodWorkers.class);

    private final ObjectInformer pods;
    private final DockerEngine engine;
    private final RuntimeContainers runtime;
    private final PodSync sync;
    private final Prober prober;
    private final ExecutorService workers;
    private final ControllerLoop loop;
    private final Map<String, PodMemory> memories = new ConcurrentHashMap<>();
    private final Map<String, Boolean> busy = new ConcurrentHashMap<>();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    private final Map<String, PodRef> known = new ConcurrentHashMap<>();
    /** Failed passes on a pod's change, told once per pod and reason. */
    private final OncePerObject extraPasses = new OncePerObject(LOG);

    PodWorkers(SharedInformers informers, DockerEngine engine, RuntimeContainers runtime, PodSync sync,
            Prober prober, AgentConfig config) {
        this.pods = informers.informer(InformerSelection.podsOf(engine.nodeName()));
        this.engine = engine;
        this.runtime = runtime;
        this.sync = sync;
        this.prober = prober;
        this.loop = new ControllerLoop("Pod sync", config.syncPeriod(), ControllerLoop.GAP, this::syncAll);
        this.workers = Executors.newFixedThreadPool(config.podWorkers(), runnable -> {
            Thread thread = new Thread(runnable, "pod-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        loop.listenTo(pods).start(Duration.ofSeconds(1));
    }

    /**
     * Fencing: kills every running container of this node's pods, on the loop's thread (so no pass starts one
     * meanwhile). Passes that cannot read the grid start nothing; once it answers, pods still bound here are
     * started again around new sandboxes, and evicted ones are cleaned up.
     */
    public void fence() {
        loop.execute(() -> {
            for (RuntimeContainer container : runtime.all()) {
                if (container.running()) {
                    sync.kill(container);
                }
            }
        });
    }

    /** One pass of the loop: every pod bound here, every container of this node. Only ever on the loop's thread. */
    private void syncAll() {
        Map<String, JsonNode> bound = new HashMap<>();
        for (JsonNode pod : pods.current().list()) {
            bound.put(pod.path("metadata").path("uid").asText(), pod);
        }
        Instant listedAt = Instant.now();
        List<RuntimeContainer> containers = runtime.all();
        Map<String, List<RuntimeContainer>> byPod = containers.stream()
                .collect(Collectors.groupingBy(container -> container.pod().uid()));
        for (Map.Entry<String, JsonNode> pod : bound.entrySet()) {
            known.put(pod.getKey(), PodRef.of(pod.getValue()));
            dispatch(pod.getKey(), pod.getValue(), byPod.getOrDefault(pod.getKey(), List.of()));
        }
        for (Map.Entry<String, List<RuntimeContainer>> orphan : byPod.entrySet()) {
            if (!bound.containsKey(orphan.getKey())) {
                removeOrphan(orphan.getKey(), orphan.getValue());
            }
        }
        memories.keySet().retainAll(bound.keySet());
        known.keySet().retainAll(bound.keySet());
        Set<String> running = new HashSet<>();
        containers.stream().filter(RuntimeContainer::running).forEach(c -> running.add(c.id()));
        prober.retain(running, listedAt);
    }

    /** Runs a pass of the pod on a worker unless one is running; then it gets one more pass after. */
    private void dispatch(String uid, JsonNode pod, List<RuntimeContainer> containers) {
        if (busy.putIfAbsent(uid, Boolean.TRUE) != null) {
            again.add(uid);
            return;
        }
        workers.execute(() -> {
            try {
                sync.sync(pod, containers, memories.computeIfAbsent(uid, key -> new PodMemory()), () -> wake(uid));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Pod %s: sync failed", PodRef.of(pod));
            } finally {
                busy.remove(uid);
                if (again.remove(uid)) {
                    wake(uid);
                }
            }
        });
    }

    /** Another pass of one pod soon, with fresh state (a probe verdict changed, or a pass was asked meanwhile). */
    void wake(String uid) {
        PodRef ref = known.get(uid);
        if (ref == null) {
            return;
        }
        workers.execute(() -> {
            try {
                pods.current().get(GridObject.key("core/pods", ref.namespace(), ref.name()))
                        .filter(pod -> uid.equals(pod.path("metadata").path("uid").asText()))
                        .ifPresent(pod -> dispatch(uid, pod, runtime.of(uid)));
            } catch (RuntimeException e) {
                extraPasses.warn("pod " + ref, String.valueOf(e.getMessage()), "Pod " + ref + ": a pass on its "
                        + "change failed (" + e + "); the next regular pass syncs it again");
            }
        });
    }

    private void removeOrphan(String uid, List<RuntimeContainer> containers) {
        if (busy.putIfAbsent(uid, Boolean.TRUE) != null) {
            return;
        }
        workers.execute(() -> {
            try {
                LOG.infof("Removing the %d container(s) of pod %s, which is no longer bound to node %s",
                        containers.size(), containers.get(0).pod(), engine.nodeName());
                sync.removeAll(uid, containers);
            } catch (RuntimeException e) {
                LOG.warnf("Removing the containers of pod %s failed: %s", uid, e.getMessage());
            } finally {
                busy.remove(uid);
            }
        });
    }

    @PreDestroy
    void close() {
        loop.close();
        workers.shutdownNow();
    }
}

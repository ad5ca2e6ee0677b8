package io.kumos.grid.informers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The informers of one process, as client-go's shared informer factory: one per selection, shared by every
 * component that asks for it, started on first request. One thread checks the grid's projection for all of them
 * every {@code kumos.grid.informers.check-period} (a read of one entry), which is how they learn that the grid
 * went away, came back, or was rebuilt; and it looks at the cluster's topology as the Hot Rod client knows it, so
 * that they list again when a server left it (their listeners may have gone with it).
 *
 * <p>Thread-safe.
 */
@ApplicationScoped
public class SharedInformers implements AutoCloseable {

    /** How long stopping waits for the informers to finish what they are doing (a listing, say). */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    private final RemoteCacheManager grid;
    private final ObjectMapper json;
    private final Duration checkPeriod;
    private final Map<InformerSelection, ObjectInformer> informers = new ConcurrentHashMap<>();
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private final GridServers servers;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "informers-check");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    SharedInformers(RemoteCacheManager grid, ObjectMapper json, InformersConfig config) {
        this(grid, json, config.checkPeriod());
    }

    /** @param checkPeriod how often the grid's projection is checked */
    public SharedInformers(RemoteCacheManager grid, ObjectMapper json, Duration checkPeriod) {
        this.grid = grid;
        this.json = json;
        this.checkPeriod = checkPeriod;
        this.servers = new GridServers(grid);
        checks.scheduleWithFixedDelay(this::check, checkPeriod.toMillis(), checkPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The informer of a selection, started if it is not yet (it is current after its first check and listing). */
    public ObjectInformer informer(InformerSelection selection) {
        return informers.computeIfAbsent(selection, key -> {
            ObjectInformer informer = new ObjectInformer(key, grid, json, this::checkSoon);
            checkSoon();
            return informer;
        });
    }

    /** The informer of every object of a resource ({@code core/pods} …). */
    public ObjectInformer informer(String resource) {
        return informer(InformerSelection.of(resource));
    }

    public Duration checkPeriod() {
        return checkPeriod;
    }

    /** A check as soon as the checking thread is free; requests meanwhile share it. */
    private void checkSoon() {
        if (checkQueued.compareAndSet(false, true)) {
            checks.execute(() -> {
                checkQueued.set(false);
                check();
            });
        }
    }

    private void check() {
        if (informers.isEmpty()) {
            return;
        }
        ProjectionState state = ProjectionState.read(grid);
        boolean serverLeft = servers.lost();
        if (!checks.isShutdown()) { // a read cut short by close() says nothing of the grid
            informers.values().forEach(informer -> {
                if (serverLeft) {
                    informer.serverLeft();
                }
                informer.projection(state);
            });
        }
    }

    @PreDestroy
    @Override
    public void close() {
        checks.shutdownNow();
        informers.values().forEach(ObjectInformer::stop);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            for (ObjectInformer informer : informers.values()) {
                informer.awaitStopped(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

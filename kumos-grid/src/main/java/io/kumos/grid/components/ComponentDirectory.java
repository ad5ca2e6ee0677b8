package io.kumos.grid.components;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import io.kumos.grid.GridCaches;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes this process into the grid's component directory and reads the directory back.
 *
 * <p>The entry carries a lifespan of three renewal periods, so a process that dies without saying goodbye drops
 * out by itself. Renewal runs on a scheduler worker thread (it may block on the network); when the grid is
 * unreachable the failure is logged once, and the entry is written again as soon as the grid answers.
 */
@ApplicationScoped
public class ComponentDirectory {

    private static final Logger LOG = Logger.getLogger(ComponentDirectory.class);

    private final RemoteCacheManager grid;
    private final ComponentRecord self;
    private final Duration lifespan;
    private final AtomicBoolean gridReachable = new AtomicBoolean(true);

    @Inject
    public ComponentDirectory(RemoteCacheManager grid,
            @ConfigProperty(name = "quarkus.application.name") String component,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String host,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            @ConfigProperty(name = "kumos.components.renew-period", defaultValue = "5s") Duration renewPeriod) {
        this.grid = grid;
        String address = host + ":" + port;
        this.self = new ComponentRecord(component, component + "@" + address, address, System.currentTimeMillis(),
                version);
        this.lifespan = renewPeriod.multipliedBy(3);
    }

    /** This process's own entry. */
    public ComponentRecord self() {
        return self;
    }

    @Scheduled(every = "${kumos.components.renew-period:5s}", delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        try {
            cache().put(self.instance(), self, lifespan.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debugf("Renewed %s in the component directory", self.instance());
            if (gridReachable.compareAndSet(false, true)) {
                LOG.infof("Grid reachable again: component %s is back in the directory", self.instance());
            }
        } catch (RuntimeException e) {
            if (gridReachable.compareAndSet(true, false)) {
                LOG.warnf("Cannot publish component %s to the grid (%s). Is the Infinispan Server up? "
                        + "Check './kumos status'; retrying every renewal period.", self.instance(), e.getMessage());
            }
        }
    }

    /** Every component currently announced in the grid, ordered by component then instance. Blocking. */
    public List<ComponentRecord> list() {
        return cache().values().stream()
                .sorted(Comparator.comparing(ComponentRecord::component).thenComparing(ComponentRecord::instance))
                .toList();
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            cache().remove(self.instance());
        } catch (RuntimeException e) {
            LOG.debugf("Could not remove %s from the grid on shutdown; its entry expires by itself: %s",
                    self.instance(), e.getMessage());
        }
    }

    private RemoteCache<String, ComponentRecord> cache() {
        return GridCaches.open(grid, GridCaches.COMPONENTS);
    }
}

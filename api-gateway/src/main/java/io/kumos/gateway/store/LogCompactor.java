package io.kumos.gateway.store;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Keeps the revision log to a window of history, as etcd's compaction does for kube-apiserver: changes older
 * than {@code kumos.record.history} (one hour by default) are removed every {@code kumos.record.compaction-period}.
 * A watch from a revision before the window gets 410 Expired and re-lists.
 */
@ApplicationScoped
public class LogCompactor {

    private static final Logger LOG = Logger.getLogger(LogCompactor.class);

    private final ObjectRecord record;
    private final RecordTimer timer;
    private final Duration history;
    private final Duration period;

    LogCompactor(ObjectRecord record, Vertx vertx,
            @ConfigProperty(name = "kumos.record.history", defaultValue = "PT1H") Duration history,
            @ConfigProperty(name = "kumos.record.compaction-period", defaultValue = "PT5M") Duration period) {
        this.record = record;
        this.timer = new RecordTimer(vertx);
        this.history = history;
        this.period = period;
    }

    void onStart(@Observes StartupEvent event) {
        timer.start(period, () -> compact(history),
                failure -> LOG.warnf("Compacting the revision log failed: %s", failure.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    /** Removes the changes older than {@code keep}; returns the compacted revision. */
    public Uni<Long> compact(Duration keep) {
        return record.compact(Instant.now().minus(keep))
                .invoke(compacted -> LOG.debugf("Revision log compacted up to revision %d", compacted));
    }
}

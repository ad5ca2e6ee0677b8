package io.kumos.lb.services;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.problems.OncePerObject;

/**
 * Runs lb-service's writes to the api-gateway (Service status, Events) on a thread of their own, so a slow or
 * absent API never delays applying a plan: the data plane goes on without it. Failures are logged, not retried
 * here; the next resync asks again for what is still missing. When too many writes wait, new ones are dropped.
 */
public final class ApiWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApiWriter.class);

    private final String apiUrl;
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256), runnable -> {
                Thread t = new Thread(runnable, "kumos-lb-api");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());
    private final AtomicBoolean failing = new AtomicBoolean();
    private final OncePerObject told = new OncePerObject(LOG);

    public ApiWriter(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    /**
     * Queues a write.
     *
     * @param what      what it writes, for the log
     * @param call      the blocking call
     * @param onFailure run on the writer thread if the call failed (to forget that it was done, say)
     */
    public void submit(String what, Runnable call, Runnable onFailure) {
        thread.execute(() -> {
            try {
                call.run();
                if (failing.compareAndSet(true, false)) {
                    LOG.infof("The api-gateway at %s answers again; Service status and Events are written", apiUrl);
                }
            } catch (ApiCallException e) {
                onFailure.run();
                if (e.status() == 0 && failing.compareAndSet(false, true)) {
                    LOG.warnf("Cannot write %s: %s. Service status and Events wait for the api-gateway; traffic is "
                            + "balanced meanwhile. Check './kumos status'.", what, e.getMessage());
                } else if (e.status() == 404 || e.status() == 409) {
                    LOG.debugf("Not writing %s: the object changed or went since it was read (%s)", what,
                            e.getMessage());
                } else if (e.status() != 0) {
                    told.warn(what, e.status() + " " + e.getMessage(), "Writing " + what + " failed ("
                            + e.getMessage() + "); written again on the next publish");
                }
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

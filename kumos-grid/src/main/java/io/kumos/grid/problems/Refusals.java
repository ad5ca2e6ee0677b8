package io.kumos.grid.problems;

import org.jboss.logging.Logger;

import io.kumos.grid.api.ApiCallException;

/**
 * What the api-gateway refused of a controller's writes, told once per object and reason rather than on every
 * pass. A conflict or a vanished object (409, 404) is no refusal: the view it was decided from is stale, and the
 * next pass decides again from a fresh one. Thread-safe.
 */
public final class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);

    private final OncePerObject told = new OncePerObject(LOG);

    /**
     * @param object what was not written, for the log: "the taints of node kumos-node-2"
     * @return whether it was a refusal (not a stale decision)
     */
    public boolean refused(String object, ApiCallException e) {
        if (stale(e)) {
            LOG.debugf("%s was not written, decided again next pass: %s", object, e.getMessage());
            return false;
        }
        told.warn(object, e.getMessage(), "The api-gateway refuses " + object + " (" + e.getMessage()
                + "); retried every pass");
        return true;
    }

    /** A write went through: a refusal of it told before is over. */
    public void written(String object) {
        told.recovered(object, "The api-gateway accepts " + object + " again");
    }

    /** Whether a write failed only because the view it was decided from is stale: 404 or 409. */
    public static boolean stale(ApiCallException e) {
        return e.status() == 404 || e.status() == 409;
    }
}

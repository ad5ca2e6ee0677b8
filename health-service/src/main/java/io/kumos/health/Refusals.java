package io.kumos.health;

import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.kumos.grid.api.ApiCallException;

/**
 * What the api-gateway refused of a controller's writes, told once per object and reason rather than on every
 * pass. A conflict or a vanished object (409, 404) is no refusal: the view it was decided from is stale, and the
 * next pass decides again from a fresh one. Only the controller's own thread uses it.
 */
public final class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);
    /** Beyond this many remembered refusals, they are forgotten (and told again if they recur). */
    private static final int MAX_REMEMBERED = 1000;

    private final Map<String, String> told = new HashMap<>();

    /** @param object what was not written, for the log: "the taints of node kumos-node-2" */
    public void refused(String object, ApiCallException e) {
        if (e.status() == 404 || e.status() == 409) {
            LOG.debugf("%s was not written, decided again next pass: %s", object, e.getMessage());
            return;
        }
        if (!e.getMessage().equals(told.put(object, e.getMessage()))) {
            LOG.warnf("The api-gateway refuses %s (%s); retried every pass", object, e.getMessage());
        }
        if (told.size() > MAX_REMEMBERED) {
            told.clear();
        }
    }
}

package io.kumos.placement.scheduling;

import io.kumos.grid.api.ApiCallException;

/**
 * What a failed {@code pods/binding} call means for the pod, from the api-gateway's answer. Pure.
 */
enum BindOutcome {

    /**
     * The pod is not as the decision saw it: bound meanwhile, replaced by another pod of its name (uid), changed
     * (resourceVersion) or gone (409, 404). Nothing to retry: the next pass decides again from a fresh view.
     */
    STALE,
    /**
     * No answer (the api-gateway unreachable, or the call timed out), 429 or a 5xx: the bind may or may not have
     * happened. The pod goes back to the queue with a back-off, and its place on the node stays taken until then
     * (as kube-scheduler's assumed pods), so that no other pod is put in its room meanwhile.
     */
    UNCERTAIN,
    /** The api-gateway refused the Binding (400, 403, 422 …): retried after a back-off, and told. */
    REFUSED;

    static BindOutcome of(ApiCallException e) {
        int status = e.status();
        if (status == 404 || status == 409) {
            return STALE;
        }
        if (status == 0 || status == 429 || status >= 500) {
            return UNCERTAIN;
        }
        return REFUSED;
    }
}

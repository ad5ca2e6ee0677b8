package io.kumos.agent.pods;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;
import io.kumos.grid.problems.OncePerObject;
import io.kumos.grid.problems.Refusals;

/**
 * What a pass writes to the api-gateway: the pod's status (conditional on its uid, so that a pod replaced under the
 * same name is not given another's status), the confirmation of its deletion, and its Events as the kubelet tells
 * them. A write that fails is tried again on the pod's next pass, since the pass decides it again.
 */
@ApplicationScoped
class PodApiWrites {

    private static final Logger LOG = Logger.getLogger(PodApiWrites.class);
    private static final String COMPONENT = "kubelet";

    private final ApiClient api;
    private final ObjectMapper json;
    private final EventRecorder events;
    /** Failed status writes, told once per pod and reason. */
    private final OncePerObject statusWrites = new OncePerObject(LOG);

    PodApiWrites(ApiClient api, ObjectMapper json, DockerEngine engine) {
        this.api = api;
        this.json = json;
        this.events = new EventRecorder(api, json, COMPONENT, engine.nodeName(), Clock.systemUTC());
    }

    void writeStatus(PodRun run, ObjectNode status) {
        PodRef ref = run.ref();
        ObjectNode patch = json.createObjectNode();
        patch.set("status", status);
        patch.putObject("metadata").put("uid", ref.uid());
        String object = "pod " + ref;
        try {
            api.patch(ref.path() + "/status", ApiClient.MERGE_PATCH, patch);
            run.memory().writtenStatus = status;
            statusWrites.recovered(object, "The status of " + object + " is written again");
        } catch (ApiCallException e) {
            if (Refusals.stale(e)) {
                // The uid in the patch is a precondition: the pod was deleted, or replaced by another of its name.
                LOG.debugf("Pod %s: its status is not written, the pod is gone or replaced: %s", ref, e.getMessage());
            } else {
                statusWrites.warn(object, e.status() + " " + e.getMessage(), "Writing the status of " + object
                        + " failed (" + e.getMessage() + "); written again on its next sync. Is the api-gateway up? "
                        + "Check './kumos status'.");
            }
        }
    }

    void confirmDeletion(PodRef ref) {
        ObjectNode options = json.createObjectNode().put("gracePeriodSeconds", 0);
        options.putObject("preconditions").put("uid", ref.uid());
        try {
            api.delete(ref.path(), options);
            LOG.debugf("Deletion of pod %s confirmed", ref);
        } catch (ApiCallException e) {
            if (e.status() != 404 && e.status() != 409) {
                throw e;
            }
        }
    }

    /** Records the pass's Events, in the order it told them. */
    void recordEvents(PodRun run) {
        for (PodStep.Emit event : run.events()) {
            events.record(run.pass().pod(), event.type(), event.reason(), event.message(), event.fieldPath());
        }
    }
}

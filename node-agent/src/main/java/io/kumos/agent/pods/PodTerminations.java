package io.kumos.agent.pods;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ProjectedObjects;
import io.quarkus.scheduler.Scheduled;

/**
 * The kubelet's last word on a deleted pod: a pod bound to this node that is being deleted gracefully (it carries
 * a deletionTimestamp) is removed for good, with grace period 0 and its uid as precondition, once nothing of it
 * runs here. This agent does not start containers yet, so nothing of it ever runs: the deletion is confirmed at
 * once, and {@code kubectl delete pod} returns instead of waiting on a Terminating pod forever.
 */
@ApplicationScoped
public class PodTerminations {

    private static final Logger LOG = Logger.getLogger(PodTerminations.class);

    private final RemoteCacheManager grid;
    private final ApiClient api;
    private final DockerEngine engine;
    private final ObjectMapper json;

    PodTerminations(RemoteCacheManager grid, ApiClient api, DockerEngine engine, ObjectMapper json) {
        this.grid = grid;
        this.api = api;
        this.engine = engine;
        this.json = json;
    }

    @Scheduled(every = "1s", delay = 2, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void confirmDeletions() {
        String node = engine.nodeName();
        try {
            for (GridObject object : ProjectedObjects.live(grid, Set.of("core/pods"))) {
                JsonNode pod = json.readTree(object.json());
                if (node.equals(pod.path("spec").path("nodeName").asText())
                        && pod.path("metadata").has("deletionTimestamp")) {
                    confirm(pod);
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debugf("Confirming pod deletions failed: %s", e.getMessage());
        }
    }

    private void confirm(JsonNode pod) {
        JsonNode metadata = pod.path("metadata");
        String path = "/api/v1/namespaces/" + metadata.path("namespace").asText() + "/pods/"
                + metadata.path("name").asText();
        var options = json.createObjectNode().put("gracePeriodSeconds", 0);
        options.putObject("preconditions").put("uid", metadata.path("uid").asText());
        try {
            api.delete(path, options);
            LOG.debugf("Deletion of pod %s confirmed", path);
        } catch (ApiCallException e) {
            if (e.status() != 404 && e.status() != 409) {
                throw e;
            }
        }
    }
}

package io.kumos.grid.api;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Records core/v1 Events about pods through the API, as {@code kubectl describe} shows them. An Event is a courtesy
 * to the reader: one that cannot be written is logged and dropped, never a reason to fail the work it describes.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final ApiClient api;
    private final ObjectMapper json;
    private final String component;
    private final String host;
    private final Clock clock;

    /**
     * @param component who reports ({@code source.component}, {@code reportingComponent}), e.g. {@code kubelet}
     * @param host      the node it reports from ({@code source.host}), or {@code null}
     */
    public EventRecorder(ApiClient api, ObjectMapper json, String component, String host, Clock clock) {
        this.api = api;
        this.json = json;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    public void normal(JsonNode pod, String reason, String message) {
        record(pod, "Normal", reason, message, null);
    }

    public void warning(JsonNode pod, String reason, String message) {
        record(pod, "Warning", reason, message, null);
    }

    /** An Event about one container of the pod ({@code involvedObject.fieldPath}). */
    public void record(JsonNode pod, String type, String reason, String message, String fieldPath) {
        JsonNode metadata = pod.path("metadata");
        String namespace = metadata.path("namespace").asText();
        String name = metadata.path("name").asText();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode event = json.createObjectNode();
        event.put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata").put("name", name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .put("namespace", namespace);
        ObjectNode involved = event.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Pod")
                .put("namespace", namespace).put("name", name).put("uid", metadata.path("uid").asText());
        if (fieldPath != null) {
            involved.put("fieldPath", fieldPath);
        }
        event.put("type", type).put("reason", reason).put("message", message)
                .put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1)
                .put("reportingComponent", component).put("reportingInstance", host == null ? component : host);
        ObjectNode source = event.putObject("source").put("component", component);
        if (host != null) {
            source.put("host", host);
        }
        try {
            api.create("/api/v1/namespaces/" + namespace + "/events", event);
        } catch (ApiCallException e) {
            LOG.debugf("Recording event %s for %s/%s failed: %s", reason, namespace, name, e.getMessage());
        }
    }
}

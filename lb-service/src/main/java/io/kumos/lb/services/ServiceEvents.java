package io.kumos.lb.services;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiClient;

/**
 * Records core/v1 Events about Services through the API, so {@code kubectl describe service} shows why a port is
 * not served. (kumos-grid's {@code EventRecorder} speaks of pods only.) A courtesy to the reader, written through
 * the {@link ApiWriter}: an Event that cannot be written is logged and dropped.
 */
public final class ServiceEvents {

    private static final String COMPONENT = "lb-service";

    private final ApiClient api;
    private final ApiWriter writer;
    private final ObjectMapper json;
    private final Clock clock;

    public ServiceEvents(ApiClient api, ApiWriter writer, ObjectMapper json, Clock clock) {
        this.api = api;
        this.writer = writer;
        this.json = json;
        this.clock = clock;
    }

    public void warning(JsonNode service, String reason, String message) {
        JsonNode metadata = service.path("metadata");
        String namespace = metadata.path("namespace").asText();
        String name = metadata.path("name").asText();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode event = json.createObjectNode();
        event.put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata").put("name", name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .put("namespace", namespace);
        event.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Service").put("namespace", namespace)
                .put("name", name).put("uid", metadata.path("uid").asText())
                .put("resourceVersion", metadata.path("resourceVersion").asText());
        event.put("type", "Warning").put("reason", reason).put("message", message)
                .put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1)
                .put("reportingComponent", COMPONENT).put("reportingInstance", COMPONENT);
        event.putObject("source").put("component", COMPONENT);
        writer.submit("Event " + reason + " of Service " + namespace + "/" + name,
                () -> api.create("/api/v1/namespaces/" + namespace + "/events", event), () -> {
                });
    }
}

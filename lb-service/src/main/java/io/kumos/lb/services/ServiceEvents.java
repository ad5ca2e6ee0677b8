package io.kumos.lb.services;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiClient;
import io.kumos.grid.api.EventRecorder;

/**
 * Records Events about Services, so {@code kubectl describe service} shows why a port is not served: kumos-grid's
 * {@link EventRecorder} makes them, the {@link ApiWriter} writes them off the caller's thread. A courtesy to the
 * reader: an Event that cannot be written is logged and dropped.
 */
public final class ServiceEvents {

    private final ApiClient api;
    private final ApiWriter writer;
    private final EventRecorder events;

    public ServiceEvents(ApiClient api, ApiWriter writer, ObjectMapper json, Clock clock) {
        this.api = api;
        this.writer = writer;
        this.events = new EventRecorder(api, json, "lb-service", null, clock);
    }

    public void warning(JsonNode service, String reason, String message) {
        ObjectNode event = events.event(service, "Warning", reason, message, null);
        JsonNode involved = event.path("involvedObject");
        writer.submit("Event " + reason + " of Service " + involved.path("namespace").asText() + "/"
                + involved.path("name").asText(), () -> api.create(EventRecorder.collection(event), event), () -> {
                });
    }
}

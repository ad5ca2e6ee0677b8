package io.kumos.placement.workloads;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.problems.OncePerObject;

/**
 * Records core/v1 Events about workloads (and their pods) through the API, as {@code kubectl describe} shows them,
 * with the controller as source. Controllers decide every second; a decision that stays the same (a Forbid
 * CronJob whose run is still active) would say the same thing every second, so an Event identical to one recorded
 * in the last {@link #QUIET} is left out. An Event that cannot be written is dropped, and told as
 * a warning once per object and reason.
 */
public final class WorkloadEvents {

    private static final Logger LOG = Logger.getLogger(WorkloadEvents.class);
    static final Duration QUIET = Duration.ofMinutes(10);

    private final ApiClient api;
    private final Map<String, Instant> recent = new HashMap<>();
    private final OncePerObject told = new OncePerObject(LOG);

    public WorkloadEvents(ApiClient api) {
        this.api = api;
    }

    /** Records the Event unless the same was recorded recently. Not thread-safe: one controller pass at a time. */
    public void record(String component, JsonNode about, String type, String reason, String message, Instant now) {
        String key = Metadata.uid(about) + "|" + type + "|" + reason + "|" + message;
        Instant last = recent.get(key);
        if (last != null && now.isBefore(last.plus(QUIET))) {
            return;
        }
        recent.put(key, now);
        if (recent.size() > 10_000) {
            recent.values().removeIf(at -> !now.isBefore(at.plus(QUIET)));
        }
        String namespace = Metadata.namespace(about);
        String name = Metadata.name(about);
        String at = Metadata.format(now);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata").put("name", name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .put("namespace", namespace);
        event.putObject("involvedObject").put("apiVersion", about.path("apiVersion").asText())
                .put("kind", about.path("kind").asText()).put("namespace", namespace).put("name", name)
                .put("uid", Metadata.uid(about)).put("resourceVersion", Metadata.resourceVersion(about));
        event.put("type", type).put("reason", reason).put("message", message)
                .put("firstTimestamp", at).put("lastTimestamp", at).put("count", 1)
                .put("reportingComponent", component).put("reportingInstance", component);
        event.putObject("source").put("component", component);
        try {
            api.create("/api/v1/namespaces/" + namespace + "/events", event);
        } catch (ApiCallException e) {
            String object = about.path("kind").asText() + " " + namespace + "/" + name;
            told.warn("the Events of " + object, e.getMessage(), "Recording the " + reason + " Event of " + object
                    + " failed (" + e.getMessage() + "); it is dropped, and so are the next ones that fail alike");
            return;
        }
        told.recovered("the Events of " + about.path("kind").asText() + " " + namespace + "/" + name, null);
    }
}

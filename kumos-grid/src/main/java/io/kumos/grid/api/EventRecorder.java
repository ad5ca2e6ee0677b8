package io.kumos.grid.api;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.problems.OncePerObject;

/**
 * Records core/v1 Events about any object (a pod, a node, a service…) through the API, as {@code kubectl describe}
 * shows them. The involved object is named by the object's own {@code apiVersion} and {@code kind}, which every
 * object read from the API or the grid carries; Events about cluster-scoped objects go to the {@code default}
 * namespace, as Kubernetes puts them. An Event is a courtesy to the reader: one that cannot be written is dropped,
 * never a reason to fail the work it describes, and told as a warning once per involved object and reason.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final ApiClient api;
    private final ObjectMapper json;
    private final String component;
    private final String host;
    private final Clock clock;
    private final OncePerObject told = new OncePerObject(LOG);

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

    public void normal(JsonNode object, String reason, String message) {
        record(object, "Normal", reason, message, null);
    }

    public void warning(JsonNode object, String reason, String message) {
        record(object, "Warning", reason, message, null);
    }

    /** Records an Event, about one container of a pod when {@code fieldPath} is given. */
    public void record(JsonNode object, String type, String reason, String message, String fieldPath) {
        ObjectNode event = event(object, type, reason, message, fieldPath);
        String namespace = event.path("metadata").path("namespace").asText();
        try {
            api.create(collection(event), event);
        } catch (ApiCallException e) {
            String about = event.path("involvedObject").path("kind").asText() + " " + namespace + "/"
                    + event.path("involvedObject").path("name").asText();
            told.warn("the Events of " + about, e.getMessage(), "Recording the " + reason + " Event of " + about
                    + " failed (" + e.getMessage() + "); it is dropped, and so are the next ones that fail alike");
            return;
        }
        told.recovered("the Events of " + event.path("involvedObject").path("kind").asText() + " " + namespace + "/"
                + event.path("involvedObject").path("name").asText(), null);
    }

    /** The Event {@link #record} would write, for callers that write it their own way. */
    public ObjectNode event(JsonNode object, String type, String reason, String message, String fieldPath) {
        JsonNode metadata = object.path("metadata");
        String objectNamespace = metadata.path("namespace").asText("");
        String namespace = objectNamespace.isEmpty() ? "default" : objectNamespace;
        String name = metadata.path("name").asText();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode event = json.createObjectNode();
        event.put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata").put("name", name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .put("namespace", namespace);
        ObjectNode involved = event.putObject("involvedObject")
                .put("apiVersion", object.path("apiVersion").asText("v1"))
                .put("kind", object.path("kind").asText());
        if (!objectNamespace.isEmpty()) {
            involved.put("namespace", objectNamespace);
        }
        involved.put("name", name).put("uid", metadata.path("uid").asText());
        if (metadata.hasNonNull("resourceVersion")) {
            involved.put("resourceVersion", metadata.path("resourceVersion").asText());
        }
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
        return event;
    }

    /** Where an Event is created. */
    public static String collection(JsonNode event) {
        return "/api/v1/namespaces/" + event.path("metadata").path("namespace").asText() + "/events";
    }
}

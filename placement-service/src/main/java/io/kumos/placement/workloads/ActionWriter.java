package io.kumos.placement.workloads;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;

/**
 * Carries out the controllers' {@link Action}s through the api-gateway, for one pass.
 *
 * <p>A conditional patch names the resourceVersion its controller read. When this pass already wrote the same
 * object (the ReplicaSet controller its status, then the Deployment controller its size), the version is moved on
 * to the one that write produced: the pass's own writes do not make its view stale, anyone else's do (409).
 *
 * <p>A write refused because the object changed or went (409, 404) is normal for level-triggered controllers: the
 * next pass decides again. Other failures are logged. Blocking: worker threads only; one pass at a time.
 */
public final class ActionWriter {

    private static final Logger LOG = Logger.getLogger(ActionWriter.class);

    private final ApiClient api;
    private final Expectations expectations;
    private final WorkloadEvents events;
    private final Instant now;
    /** resourceVersion read → resourceVersion after this pass's write, by object path. */
    private final Map<String, Map<String, String>> versions = new HashMap<>();

    public ActionWriter(ApiClient api, Expectations expectations, WorkloadEvents events, Instant now) {
        this.api = api;
        this.expectations = expectations;
        this.events = events;
        this.now = now;
    }

    /**
     * Writes the actions in order; {@code component} is the controller, as Events name it. The Events of a
     * decision come after its writes and are left out when one of them was refused: they would describe a change
     * that did not happen (the next pass decides, and tells, again).
     */
    public void apply(String component, List<Action> actions) {
        boolean refused = false;
        for (Action action : actions) {
            if (refused && action instanceof Action.Emit) {
                continue;
            }
            try {
                write(component, action);
            } catch (ApiCallException e) {
                if (e.status() == 404 || e.status() == 409) {
                    refused = true;
                    LOG.debugf("%s: %s was not written, decided again next pass: %s", component, describe(action),
                            e.getMessage());
                } else {
                    throw e;
                }
            }
        }
    }

    private void write(String component, Action action) {
        if (action instanceof Action.Create create) {
            JsonNode created = api.create(create.kind().collection(create.namespace()), create.object());
            if (create.owner() != null) {
                if (create.kind() == Kind.POD) {
                    expectations.created(Metadata.uid(create.owner()), Metadata.uid(created), now);
                }
                events.record(component, create.owner(), "Normal", "SuccessfulCreate",
                        created(create.kind(), Metadata.name(created)), now);
            }
        } else if (action instanceof Action.Patch patch) {
            patch(patch);
        } else if (action instanceof Action.Delete delete) {
            ObjectNode options = JsonNodeFactory.instance.objectNode();
            options.put("kind", "DeleteOptions").put("apiVersion", "v1")
                    .put("propagationPolicy", delete.propagationPolicy());
            if (!delete.uid().isEmpty()) {
                options.putObject("preconditions").put("uid", delete.uid());
            }
            api.delete(delete.kind().path(delete.namespace(), delete.name()), options);
            if (delete.owner() != null) {
                if (delete.kind() == Kind.POD) {
                    expectations.deleted(Metadata.uid(delete.owner()), delete.uid(), now);
                }
                events.record(component, delete.owner(), "Normal", "SuccessfulDelete",
                        deleted(delete.kind(), delete.name()), now);
            }
        } else if (action instanceof Action.Emit emit) {
            events.record(component, emit.about(), emit.type(), emit.reason(), emit.message(), now);
        }
    }

    private void patch(Action.Patch patch) {
        String object = patch.kind().path(patch.namespace(), patch.name());
        ObjectNode body = patch.patch().deepCopy();
        String read = body.path("metadata").path("resourceVersion").asText("");
        Map<String, String> moved = versions.computeIfAbsent(object, key -> new HashMap<>());
        if (!read.isEmpty() && moved.containsKey(read)) {
            ((ObjectNode) body.get("metadata")).put("resourceVersion", moved.get(read));
        }
        JsonNode written = api.patch(patch.status() ? object + "/status" : object, ApiClient.MERGE_PATCH, body);
        String after = Metadata.resourceVersion(written);
        if (!read.isEmpty() && !after.isEmpty()) {
            String sent = body.path("metadata").path("resourceVersion").asText();
            moved.replaceAll((from, to) -> to.equals(sent) ? after : to);
            moved.put(read, after);
        }
    }

    private static String created(Kind kind, String name) {
        return kind == Kind.POD ? "Created pod: " + name : "Created " + kind.kind().toLowerCase() + " " + name;
    }

    private static String deleted(Kind kind, String name) {
        return kind == Kind.POD ? "Deleted pod: " + name : "Deleted " + kind.kind().toLowerCase() + " " + name;
    }

    private static String describe(Action action) {
        if (action instanceof Action.Create create) {
            return "create of " + create.kind().kind() + " " + create.namespace() + "/"
                    + Metadata.name(create.object());
        }
        if (action instanceof Action.Patch patch) {
            return "patch of " + patch.kind().kind() + (patch.status() ? " status " : " ") + patch.namespace() + "/"
                    + patch.name();
        }
        if (action instanceof Action.Delete delete) {
            return "delete of " + delete.kind().kind() + " " + delete.namespace() + "/" + delete.name();
        }
        return "event";
    }
}

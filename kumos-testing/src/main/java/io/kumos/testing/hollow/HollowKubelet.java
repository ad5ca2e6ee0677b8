package io.kumos.testing.hollow;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.ObjectEventHandler;

/**
 * What a fleet's kubelets do with no runtime, told by the informers of nodes and pods: a node of the fleet whose
 * Ready condition is not True (health-service set it Unknown while the fleet was silent) posts its Ready status
 * again, as an agent that is heard again does; and, if the fleet runs pods, a pod bound to one of its nodes is
 * reported Running at once, and its graceful deletion is confirmed at once, as by a kubelet whose containers start
 * and stop instantly.
 *
 * <p>Threading: the handlers run on the informers' threads and only queue writes on {@link KeyedWrites}.
 */
final class HollowKubelet {

    private final ApiClient api;
    private final Set<String> nodes;
    private final KeyedWrites writes;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong podsRunning = new AtomicLong();

    HollowKubelet(ApiClient api, Set<String> nodes, KeyedWrites writes) {
        this.api = api;
        this.nodes = Set.copyOf(nodes);
        this.writes = writes;
    }

    /** Keeps the fleet's nodes Ready. */
    ObjectEventHandler nodeHandler() {
        return onAddOrUpdate(this::repair);
    }

    /** Runs the pods bound to the fleet. */
    ObjectEventHandler podHandler() {
        return onAddOrUpdate(this::run);
    }

    /** A handler that looks at each object as it is after a change (added or updated). */
    private static ObjectEventHandler onAddOrUpdate(Consumer<JsonNode> look) {
        return new ObjectEventHandler() {
            @Override
            public void onAdd(JsonNode object) {
                look.accept(object);
            }

            @Override
            public void onUpdate(JsonNode before, JsonNode after) {
                look.accept(after);
            }
        };
    }

    /** How many pods were reported Running. */
    long podsRunning() {
        return podsRunning.get();
    }

    private void repair(JsonNode node) {
        String name = node.path("metadata").path("name").asText();
        if (nodes.contains(name) && !HollowObjects.ready(node)) {
            writes.submit("node/" + name, () -> {
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                patch.set("status", HollowObjects.readyStatus(clock.instant()));
                api.patch("/api/v1/nodes/" + name + "/status", ApiClient.MERGE_PATCH, patch);
            });
        }
    }

    private void run(JsonNode pod) {
        if (!nodes.contains(pod.path("spec").path("nodeName").asText())) {
            return;
        }
        JsonNode metadata = pod.path("metadata");
        String path = "/api/v1/namespaces/" + metadata.path("namespace").asText() + "/pods/"
                + metadata.path("name").asText();
        String uid = metadata.path("uid").asText();
        if (metadata.has("deletionTimestamp")) {
            writes.submit("delete/" + uid, () -> ignoringGone(() -> api.delete(path,
                    HollowObjects.confirmDeletion(pod))));
            return;
        }
        String phase = pod.path("status").path("phase").asText("Pending");
        if (phase.equals("Pending")) {
            writes.submit("run/" + uid, () -> ignoringGone(() -> {
                api.patch(path + "/status", ApiClient.MERGE_PATCH, HollowObjects.running(pod, clock.instant()));
                podsRunning.incrementAndGet();
            }));
        }
    }

    /** A pod deleted or replaced meanwhile (404, or 409 on its uid) needs nothing more. */
    private static void ignoringGone(Runnable write) {
        try {
            write.run();
        } catch (ApiCallException e) {
            if (e.status() != 404 && e.status() != 409) {
                throw e;
            }
        }
    }
}

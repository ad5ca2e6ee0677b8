package io.kumos.placement.workloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** API objects as the api-gateway would project them (defaults applied), for the controllers' tests. */
public final class TestObjects {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String NAMESPACE = "web";
    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private TestObjects() {
    }

    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sets a field by a JSON-pointer-like path ({@code spec/replicas}), creating objects on the way. */
    public static ObjectNode set(ObjectNode object, String path, Object value) {
        String[] parts = path.split("/");
        ObjectNode parent = object;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
        }
        parent.set(parts[parts.length - 1], JSON.valueToTree(value));
        return object;
    }

    public static ObjectNode template(String app, String image) {
        return parse("""
                {"metadata":{"labels":{"app":"%s"}},
                 "spec":{"containers":[{"name":"main","image":"%s","imagePullPolicy":"IfNotPresent"}],
                         "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst"}}
                """.formatted(app, image));
    }

    /** A Deployment of {@code replicas} (RollingUpdate 25%/25%, history 10, deadline 600 s), generation 1. */
    public static ObjectNode deployment(String name, int replicas) {
        ObjectNode deployment = parse("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"%s","namespace":"%s","uid":"uid-%s","resourceVersion":"10","generation":1,
                             "creationTimestamp":"2024-05-01T09:00:00Z"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%%","maxUnavailable":"25%%"}},
                         "revisionHistoryLimit":10,"progressDeadlineSeconds":600},
                 "status":{}}
                """.formatted(name, NAMESPACE, name, replicas, name));
        ((ObjectNode) deployment.get("spec")).set("template", template(name, "nginx:1"));
        return deployment;
    }

    /** A ReplicaSet controlled by {@code owner} (null: none) with this template and size, and matching status. */
    public static ObjectNode replicaSet(String name, JsonNode owner, JsonNode template, int replicas) {
        ObjectNode replicaSet = parse("""
                {"apiVersion":"apps/v1","kind":"ReplicaSet",
                 "metadata":{"name":"%s","namespace":"%s","uid":"uid-%s","resourceVersion":"20","generation":1,
                             "creationTimestamp":"2024-05-01T09:30:00Z","labels":{}},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{}}},
                 "status":{"replicas":%d,"observedGeneration":1}}
                """.formatted(name, NAMESPACE, name, replicas, replicas));
        ObjectNode copy = template.deepCopy();
        ((ObjectNode) replicaSet.get("spec")).set("template", copy);
        copy.path("metadata").path("labels").fields().forEachRemaining(label -> {
            ((ObjectNode) replicaSet.at("/spec/selector/matchLabels")).set(label.getKey(), label.getValue());
            ((ObjectNode) replicaSet.at("/metadata/labels")).set(label.getKey(), label.getValue());
        });
        if (owner != null) {
            ArrayNode references = ((ObjectNode) replicaSet.get("metadata")).putArray("ownerReferences");
            references.add(OwnerReferences.controllerReference(owner, Kind.of(owner.path("kind").asText())));
        }
        return replicaSet;
    }

    /** A pod controlled by {@code owner} (null: none), labelled, Pending on no node. */
    public static ObjectNode pod(String name, JsonNode owner, JsonNode labels) {
        ObjectNode pod = parse("""
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"%s","namespace":"%s","uid":"uid-%s","resourceVersion":"30",
                             "creationTimestamp":"2024-05-01T09:40:00Z"},
                 "spec":{"containers":[{"name":"main","image":"nginx:1"}]},
                 "status":{"phase":"Pending"}}
                """.formatted(name, NAMESPACE, name));
        ((ObjectNode) pod.get("metadata")).set("labels", labels.deepCopy());
        if (owner != null) {
            ((ObjectNode) pod.get("metadata")).putArray("ownerReferences")
                    .add(OwnerReferences.controllerReference(owner, Kind.of(owner.path("kind").asText())));
        }
        return pod;
    }

    /** The pod runs on a node; ready since {@code readySince} (null: not ready). */
    public static ObjectNode running(ObjectNode pod, String node, Instant readySince) {
        set(pod, "spec/nodeName", node);
        set(pod, "status/phase", "Running");
        ObjectNode ready = JSON.createObjectNode().put("type", "Ready")
                .put("status", readySince == null ? "False" : "True")
                .put("lastTransitionTime", (readySince == null ? T0 : readySince).toString());
        ((ObjectNode) pod.get("status")).putArray("conditions").add(ready);
        return pod;
    }

    public static ObjectNode finished(ObjectNode pod, String phase, Instant at) {
        set(pod, "spec/nodeName", "node-1");
        set(pod, "status/phase", phase);
        ObjectNode terminated = JSON.createObjectNode();
        terminated.putObject("state").putObject("terminated").put("finishedAt", at.toString())
                .put("exitCode", phase.equals("Succeeded") ? 0 : 1);
        ((ObjectNode) pod.get("status")).putArray("containerStatuses").add(terminated.put("name", "main"));
        return pod;
    }

    public static ObjectNode terminating(ObjectNode pod) {
        return set(pod, "metadata/deletionTimestamp", T0.toString());
    }

    /** The actions of one type. */
    public static <A extends Action> List<A> only(List<Action> actions, Class<A> type) {
        List<A> found = new ArrayList<>();
        for (Action action : actions) {
            if (type.isInstance(action)) {
                found.add(type.cast(action));
            }
        }
        return found;
    }

    /** The one patch of this object (status or not), failing if there is not exactly one. */
    public static ObjectNode patchOf(List<Action> actions, Kind kind, String name, boolean status) {
        List<Action.Patch> patches = only(actions, Action.Patch.class).stream()
                .filter(p -> p.kind() == kind && p.name().equals(name) && p.status() == status).toList();
        if (patches.size() != 1) {
            throw new AssertionError("expected one " + (status ? "status " : "") + "patch of " + kind + " " + name
                    + ", got " + patches.size() + " in " + actions);
        }
        return patches.get(0).patch();
    }

    public static List<String> eventMessages(List<Action> actions) {
        return only(actions, Action.Emit.class).stream().map(e -> e.reason() + ": " + e.message()).toList();
    }
}

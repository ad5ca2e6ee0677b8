package io.kumos.placement.scheduling.framework;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Nodes, pods and snapshots for the scheduler's unit tests, written as JSON with single quotes. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A Ready node with 4 CPUs, 8 GiB and room for 110 pods, labelled with its hostname and these labels. */
    public static ObjectNode node(String name, String... labels) {
        ObjectNode node = json("{'metadata':{'name':'" + name + "','labels':{'kubernetes.io/hostname':'" + name
                + "'}},'spec':{},'status':{'allocatable':{'cpu':'4','memory':'8Gi','pods':'110'},"
                + "'conditions':[{'type':'Ready','status':'True'}]}}");
        ObjectNode nodeLabels = (ObjectNode) node.path("metadata").path("labels");
        for (int i = 0; i < labels.length; i += 2) {
            nodeLabels.put(labels[i], labels[i + 1]);
        }
        return node;
    }

    /** A pod in namespace {@code default} asking nothing, with these labels. */
    public static ObjectNode pod(String name, String... labels) {
        ObjectNode pod = json("{'metadata':{'name':'" + name + "','namespace':'default','uid':'uid-" + name
                + "','resourceVersion':'1','creationTimestamp':'2026-01-01T00:00:00Z','labels':{}},"
                + "'spec':{'containers':[{'name':'c','image':'app:1'}]},'status':{'phase':'Pending'}}");
        ObjectNode podLabels = (ObjectNode) pod.path("metadata").path("labels");
        for (int i = 0; i < labels.length; i += 2) {
            podLabels.put(labels[i], labels[i + 1]);
        }
        return pod;
    }

    /** The pod with its (only) container asking this CPU and memory (either may be null). */
    public static ObjectNode requesting(ObjectNode pod, String cpu, String memory) {
        ObjectNode requests = ((ObjectNode) pod.path("spec").path("containers").get(0)).putObject("resources")
                .putObject("requests");
        if (cpu != null) {
            requests.put("cpu", cpu);
        }
        if (memory != null) {
            requests.put("memory", memory);
        }
        return pod;
    }

    /** The object with {@code field} of its {@code spec} (or of the object at {@code path}) set to this JSON. */
    public static ObjectNode with(ObjectNode object, String path, String field, String value) {
        ObjectNode target = object;
        for (String part : path.split("\\.")) {
            target = target.has(part) ? (ObjectNode) target.get(part) : target.putObject(part);
        }
        target.set(field, json("{'v':" + value + "}").get("v"));
        return object;
    }

    /** The node with these pods on it. */
    public static NodeInfo info(JsonNode node, JsonNode... pods) {
        NodeInfo info = new NodeInfo(node);
        for (JsonNode pod : pods) {
            ((ObjectNode) pod.path("spec")).put("nodeName", info.name());
            info.add(PodInfo.of(pod));
        }
        return info;
    }

    public static Snapshot snapshot(NodeInfo... nodes) {
        return new Snapshot(List.of(nodes), Map.of());
    }
}

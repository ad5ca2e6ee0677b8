package io.kumos.placement.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.api.Quantities;
import io.kumos.grid.nodes.Taint;
import io.kumos.grid.nodes.Toleration;

/**
 * Where a pod fits, as kube-scheduler's default plugins decide it: filters (the node is Ready and schedulable,
 * its taints are tolerated, the nodeSelector matches, the pod's requests fit in what is left of allocatable, its
 * host ports are free), then a preference (nodes that ask to avoid the pod's controller come last) and a score
 * (least allocated: the node with the most free CPU and memory, in proportion, wins). Pure: the nodes and the pods already on them come in as JSON.
 */
public final class NodeFit {

    static final String AVOID_PODS = "scheduler.alpha.kubernetes.io/preferAvoidPods";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A node with what is already placed on it. */
    public record Candidate(JsonNode node, Resources requested, Set<Integer> hostPorts, int pods) {

        public String name() {
            return node.path("metadata").path("name").asText();
        }
    }

    /** CPU (millicores) and memory (bytes). */
    public record Resources(long milliCpu, long memory) {

        public static final Resources NONE = new Resources(0, 0);

        public Resources plus(Resources other) {
            return new Resources(milliCpu + other.milliCpu, memory + other.memory);
        }
    }

    /** The outcome: the chosen node, or why none fits (kube-scheduler's message). */
    public record Decision(Optional<String> node, String reason) {
    }

    private NodeFit() {
    }

    /** The sum of a pod's container requests; init containers run one at a time, so only the largest counts. */
    public static Resources requests(JsonNode pod) {
        Resources containers = Resources.NONE;
        for (JsonNode container : pod.path("spec").path("containers")) {
            containers = containers.plus(requestsOf(container));
        }
        long initCpu = 0;
        long initMemory = 0;
        for (JsonNode container : pod.path("spec").path("initContainers")) {
            Resources init = requestsOf(container);
            initCpu = Math.max(initCpu, init.milliCpu());
            initMemory = Math.max(initMemory, init.memory());
        }
        return new Resources(Math.max(containers.milliCpu(), initCpu), Math.max(containers.memory(), initMemory));
    }

    public static Set<Integer> hostPorts(JsonNode pod) {
        Set<Integer> ports = new java.util.HashSet<>();
        for (JsonNode container : pod.path("spec").path("containers")) {
            for (JsonNode port : container.path("ports")) {
                if (port.path("hostPort").asInt(0) > 0) {
                    ports.add(port.path("hostPort").asInt());
                }
            }
        }
        return ports;
    }

    private static Resources requestsOf(JsonNode container) {
        JsonNode requests = container.path("resources").path("requests");
        return new Resources(requests.has("cpu") ? Quantities.milliCpu(requests.path("cpu").asText()) : 0,
                requests.has("memory") ? Quantities.bytes(requests.path("memory").asText()) : 0);
    }

    /** The best node for the pod among the candidates, or the reasons none fits. */
    public static Decision place(JsonNode pod, List<Candidate> candidates) {
        Resources wanted = requests(pod);
        Set<Integer> ports = hostPorts(pod);
        Map<String, Integer> reasons = new TreeMap<>();
        List<Candidate> fitting = new ArrayList<>();
        for (Candidate candidate : candidates) {
            List<String> failed = filter(pod, candidate, wanted, ports);
            if (failed.isEmpty()) {
                fitting.add(candidate);
            } else {
                failed.forEach(reason -> reasons.merge(reason, 1, Integer::sum));
            }
        }
        if (fitting.isEmpty()) {
            List<String> parts = new ArrayList<>();
            reasons.forEach((reason, count) -> parts.add(count + " " + reason));
            return new Decision(Optional.empty(), "0/" + candidates.size() + " nodes are available"
                    + (parts.isEmpty() ? "." : ": " + String.join(", ", parts) + "."));
        }
        Candidate best = fitting.stream()
                .max(Comparator.comparing((Candidate c) -> !avoids(c.node(), pod))
                        .thenComparingDouble(c -> score(c, wanted))
                        .thenComparing(Candidate::name, Comparator.reverseOrder()))
                .orElseThrow();
        return new Decision(Optional.of(best.name()), "");
    }

    /** Why the node cannot take the pod, in kube-scheduler's words; empty if it can. */
    static List<String> filter(JsonNode pod, Candidate candidate, Resources wanted, Set<Integer> ports) {
        JsonNode node = candidate.node();
        List<String> failed = new ArrayList<>();
        if (!ready(node)) {
            failed.add("node(s) were not ready");
            return failed;
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            failed.add("node(s) were unschedulable");
            return failed;
        }
        for (JsonNode taint : node.path("spec").path("taints")) {
            String effect = taint.path("effect").asText();
            if ((effect.equals("NoSchedule") || effect.equals("NoExecute")) && !tolerated(pod, taint)) {
                failed.add("node(s) had untolerated taint {" + taint.path("key").asText() + ": "
                        + taint.path("value").asText("") + "}");
                return failed;
            }
        }
        JsonNode labels = node.path("metadata").path("labels");
        var selector = pod.path("spec").path("nodeSelector").fields();
        while (selector.hasNext()) {
            var term = selector.next();
            if (!term.getValue().asText().equals(labels.path(term.getKey()).asText(null))) {
                failed.add("node(s) didn't match Pod's node affinity/selector");
                return failed;
            }
        }
        JsonNode allocatable = node.path("status").path("allocatable");
        long cpu = allocatable.has("cpu") ? Quantities.milliCpu(allocatable.path("cpu").asText()) : 0;
        long memory = allocatable.has("memory") ? Quantities.bytes(allocatable.path("memory").asText()) : 0;
        long pods = allocatable.has("pods") ? Quantities.parse(allocatable.path("pods").asText()).longValue() : 110;
        if (candidate.pods() + 1 > pods) {
            failed.add("Too many pods");
        }
        if (wanted.milliCpu() > 0 && candidate.requested().milliCpu() + wanted.milliCpu() > cpu) {
            failed.add("Insufficient cpu");
        }
        if (wanted.memory() > 0 && candidate.requested().memory() + wanted.memory() > memory) {
            failed.add("Insufficient memory");
        }
        if (ports.stream().anyMatch(candidate.hostPorts()::contains)) {
            failed.add("node(s) didn't have free ports for the requested pod ports");
        }
        return failed;
    }

    /**
     * Whether the node asks that the pod's controller's pods go elsewhere (kube-scheduler's NodePreferAvoidPods:
     * the annotation {@code scheduler.alpha.kubernetes.io/preferAvoidPods}, which health-service writes when it
     * moves a pod that kept failing on the node). A preference that outweighs any score, never a filter: with no
     * other node that fits, the pod still goes there.
     */
    static boolean avoids(JsonNode node, JsonNode pod) {
        String annotation = node.path("metadata").path("annotations").path(AVOID_PODS).asText("");
        if (annotation.isEmpty()) {
            return false;
        }
        String controller = "";
        for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                controller = owner.path("uid").asText("");
            }
        }
        if (controller.isEmpty()) {
            return false;
        }
        try {
            for (JsonNode entry : JSON.readTree(annotation).path("preferAvoidPods")) {
                if (controller.equals(entry.path("podSignature").path("podController").path("uid").asText())) {
                    return true;
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
        return false;
    }

    private static boolean ready(JsonNode node) {
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText());
            }
        }
        return false;
    }

    private static boolean tolerated(JsonNode pod, JsonNode taint) {
        Taint node = Taint.of(taint);
        return Toleration.ofPod(pod).stream().anyMatch(toleration -> toleration.tolerates(node));
    }

    /**
     * Least allocated: the mean, over CPU and memory, of the share of allocatable left after placing the pod
     * (0 to 100).
     */
    static double score(Candidate candidate, Resources wanted) {
        JsonNode allocatable = candidate.node().path("status").path("allocatable");
        long cpu = allocatable.has("cpu") ? Quantities.milliCpu(allocatable.path("cpu").asText()) : 0;
        long memory = allocatable.has("memory") ? Quantities.bytes(allocatable.path("memory").asText()) : 0;
        Resources after = candidate.requested().plus(wanted);
        // Pods without requests count as kube-scheduler counts them: 100m of CPU and 200 MiB.
        double cpuFree = cpu == 0 ? 0 : 1.0 - Math.min(1.0, (double) Math.max(after.milliCpu(),
                (candidate.pods() + 1) * 100L) / cpu);
        double memoryFree = memory == 0 ? 0 : 1.0 - Math.min(1.0, (double) Math.max(after.memory(),
                (candidate.pods() + 1) * 200L * 1024 * 1024) / memory);
        return (cpuFree + memoryFree) * 50;
    }
}

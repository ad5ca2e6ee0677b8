package io.kumos.agent.node;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Node's status as a kubelet reports it, from what the Docker engine says of the host: capacity, allocatable
 * (capacity less what is reserved for the system), addresses, where the agent listens, nodeInfo and conditions.
 * Pure: the engine's answers come in as {@link Host}.
 */
public final class NodeStatus {

    /** What the engine says of the host; null fields when it did not answer. */
    public record Host(int cpus, long memoryBytes, String engineVersion, String osImage, String kernelVersion,
            String architecture, String machineId) {
    }

    /** What the agent holds back for the system and the engine, and how many pods it takes. */
    public record Reserved(long cpuMillis, long memoryMib, int maxPods) {
    }

    private NodeStatus() {
    }

    /** {@code amd64}, {@code arm64}: Go's names for what the engine reports as {@code x86_64}, {@code aarch64}. */
    public static String goArchitecture(String architecture) {
        return switch (architecture == null ? "" : architecture) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "" -> "unknown";
            default -> architecture;
        };
    }

    /**
     * The status to write. {@code host} is null when the engine does not answer: the node is then NotReady, and the
     * capacity of {@code previous} (the status last written, if any) is kept.
     */
    public static ObjectNode of(Host host, Reserved reserved, String address, String nodeName, int agentPort,
            String agentVersion, String engineProblem, JsonNode previous, Instant now) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode status = nodes.objectNode();
        if (host != null) {
            long memoryKi = host.memoryBytes() / 1024;
            status.putObject("capacity").put("cpu", Integer.toString(host.cpus()))
                    .put("memory", memoryKi + "Ki").put("pods", Integer.toString(reserved.maxPods()));
            long cpuMillis = Math.max(0, host.cpus() * 1000L - reserved.cpuMillis());
            long allocatableKi = Math.max(0, memoryKi - reserved.memoryMib() * 1024);
            status.putObject("allocatable").put("cpu", cpuMillis % 1000 == 0 ? Long.toString(cpuMillis / 1000)
                            : cpuMillis + "m")
                    .put("memory", allocatableKi + "Ki").put("pods", Integer.toString(reserved.maxPods()));
            status.putObject("nodeInfo")
                    .put("machineID", host.machineId() == null ? "" : host.machineId())
                    .put("systemUUID", "").put("bootID", "")
                    .put("kernelVersion", host.kernelVersion())
                    .put("osImage", host.osImage())
                    .put("containerRuntimeVersion", "docker://" + host.engineVersion())
                    .put("kubeletVersion", "v1.30.0-kumos." + agentVersion)
                    .put("kubeProxyVersion", "")
                    .put("operatingSystem", "linux")
                    .put("architecture", goArchitecture(host.architecture()));
        } else if (previous != null) {
            for (String kept : new String[] {"capacity", "allocatable", "nodeInfo"}) {
                if (previous.has(kept)) {
                    status.set(kept, previous.get(kept).deepCopy());
                }
            }
        }
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", address);
        addresses.addObject().put("type", "Hostname").put("address", nodeName);
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", agentPort);
        ArrayNode conditions = status.putArray("conditions");
        String time = now.toString();
        for (String pressure : new String[] {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
            condition(conditions, previous, pressure, "False", "KubeletHas" + (pressure.equals("PIDPressure")
                    ? "SufficientPID" : pressure.equals("MemoryPressure") ? "SufficientMemory" : "NoDiskPressure"),
                    "kumos node agent reports no " + pressure.replace("Pressure", "").toLowerCase() + " pressure",
                    time);
        }
        boolean ready = host != null;
        condition(conditions, previous, "Ready", ready ? "True" : "False",
                ready ? "KubeletReady" : "KubeletNotReady",
                ready ? "kumos node agent is posting ready status" : "container runtime is down: " + engineProblem,
                time);
        return status;
    }

    /** A condition; its lastTransitionTime moves only when its status changes. */
    private static void condition(ArrayNode conditions, JsonNode previous, String type, String value, String reason,
            String message, String now) {
        String transition = now;
        if (previous != null) {
            for (JsonNode old : previous.path("conditions")) {
                if (type.equals(old.path("type").asText()) && value.equals(old.path("status").asText())) {
                    transition = old.path("lastTransitionTime").asText(now);
                }
            }
        }
        conditions.addObject().put("type", type).put("status", value).put("lastHeartbeatTime", now)
                .put("lastTransitionTime", transition).put("reason", reason).put("message", message);
    }
}

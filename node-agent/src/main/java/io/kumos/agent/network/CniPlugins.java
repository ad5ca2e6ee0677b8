package io.kumos.agent.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.agent.AgentConfig;

/**
 * Attaches a pod sandbox to its node as kubelet's CNI manager does, with the standard plugins (CNI spec 1.0) run in
 * the node's namespace: {@code bridge} puts a veth into the sandbox on the node's bridge {@value #BRIDGE} (the
 * gateway, the subnet's {@code .1}) with the address network-service gave it ({@code static} IPAM) and the overlay's
 * MTU; {@code portmap} then maps the pod's hostPorts on the node's addresses. No masquerade here: traffic between
 * pods keeps its addresses, and the node masquerades only what leaves the cluster. Removal runs DEL in the reverse
 * order, with the same host ports (they are kept on the sandbox's labels for that). Blocking: pod workers only.
 */
@ApplicationScoped
public class CniPlugins {

    /** The node's pod bridge, in the node's namespace. */
    static final String BRIDGE = "cni0";
    private static final String VERSION = "1.0.0";
    private static final String NETWORK = "kumos";

    /** A hostPort of the pod, as the {@code portMappings} capability takes it (and a sandbox's label keeps it). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record HostPort(int hostPort, int containerPort, String protocol, String hostIp) {
    }

    private final NodeNamespace namespace;
    private final ObjectMapper json;
    private final String path;

    CniPlugins(NodeNamespace namespace, ObjectMapper json, AgentConfig config) {
        this.namespace = namespace;
        this.json = json;
        this.path = config.cniPath();
    }

    /**
     * Runs ADD of {@code bridge}, then of {@code portmap} if the pod has host ports.
     *
     * @param netns the sandbox's network namespace, {@code /proc/<pid>/ns/net}
     */
    public void add(String containerId, String netns, String address, String subnet, int mtu, List<HostPort> ports) {
        JsonNode result = call("ADD", containerId, netns, bridge(address, subnet, mtu));
        if (!ports.isEmpty()) {
            ObjectNode portmap = portmap(ports);
            portmap.set("prevResult", result);
            call("ADD", containerId, netns, portmap);
        }
    }

    /** Runs DEL of {@code portmap} (if the pod had host ports), then of {@code bridge}; a gone netns is fine. */
    public void del(String containerId, String netns, List<HostPort> ports) {
        if (!ports.isEmpty()) {
            call("DEL", containerId, netns, portmap(ports));
        }
        call("DEL", containerId, netns, bridge("", "", 0));
    }

    private ObjectNode bridge(String address, String subnet, int mtu) {
        ObjectNode config = header("bridge").put("bridge", BRIDGE).put("isGateway", true).put("ipMasq", false);
        if (mtu > 0) {
            config.put("mtu", mtu);
        }
        ObjectNode ipam = config.putObject("ipam").put("type", "static");
        if (!address.isEmpty()) {
            ipam.putArray("addresses").addObject().put("address", address + subnet.substring(subnet.indexOf('/')))
                    .put("gateway", gateway(subnet));
            ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        }
        return config;
    }

    private ObjectNode portmap(List<HostPort> ports) {
        ObjectNode config = header("portmap").put("snat", true);
        config.putObject("capabilities").put("portMappings", true);
        ArrayNode mappings = config.putObject("runtimeConfig").putArray("portMappings");
        for (HostPort port : ports) {
            ObjectNode mapping = mappings.addObject().put("hostPort", port.hostPort())
                    .put("containerPort", port.containerPort()).put("protocol", port.protocol());
            if (port.hostIp() != null && !port.hostIp().isEmpty()) {
                mapping.put("hostIP", port.hostIp());
            }
        }
        return config;
    }

    private ObjectNode header(String type) {
        return json.createObjectNode().put("cniVersion", VERSION).put("name", NETWORK).put("type", type);
    }

    private JsonNode call(String command, String containerId, String netns, ObjectNode config) {
        String type = config.path("type").asText();
        Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", containerId, "CNI_NETNS", netns,
                "CNI_IFNAME", "eth0", "CNI_PATH", path);
        List<String> plugin = new ArrayList<>(List.of(path + "/" + type));
        String output;
        try {
            output = namespace.run(plugin, env, config.toString());
        } catch (NodeNamespace.CommandFailure e) {
            throw new NodeNamespace.CommandFailure("CNI " + command + " of " + type + " for sandbox " + containerId
                    + " failed: " + e.getMessage());
        }
        try {
            return output.isBlank() ? json.createObjectNode() : json.readTree(output);
        } catch (JsonProcessingException e) {
            throw new NodeNamespace.CommandFailure("CNI " + command + " of " + type + " printed no JSON: " + output);
        }
    }

    /** The subnet's gateway, its {@code .1}: the node's address on its pod bridge (a Docker one, or {@value #BRIDGE}). */
    public static String gateway(String subnet) {
        String base = subnet.substring(0, subnet.indexOf('/'));
        int last = base.lastIndexOf('.');
        return base.substring(0, last + 1) + (Integer.parseInt(base.substring(last + 1)) + 1);
    }
}

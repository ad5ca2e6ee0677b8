package io.kumos.agent.network;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.agent.AgentConfig;

/**
 * The node's VTEP, flannel's {@code flannel.1}: a VXLAN device ({@value #NAME}, VNI 1, UDP 8472, no learning: every
 * forwarding entry comes from a lease) on the node's underlay link, its MTU 50 bytes less than the link's to leave
 * room for the encapsulation, its address the first of the node's pod subnet. Reads back what the kernel has on it
 * for {@link OverlayPlan}. Blocking: worker threads only.
 */
@ApplicationScoped
public class VxlanDevice {

    /** The device's name in the node's namespace. */
    public static final String NAME = "kumos.1";
    /** What VXLAN over IPv4 adds to each frame: outer IP (20), UDP (8), VXLAN (8) and inner Ethernet (14). */
    static final int OVERHEAD = 50;

    /** The device as it is: its MAC (the VTEP MAC of the node's lease) and the MTU pods on the node must use. */
    public record Vtep(String mac, int mtu) {
    }

    private final NodeNamespace namespace;
    private final ObjectMapper json;
    private final String underlayDevice;

    VxlanDevice(NodeNamespace namespace, ObjectMapper json, AgentConfig config) {
        this.namespace = namespace;
        this.json = json;
        this.underlayDevice = config.underlayDevice();
    }

    /**
     * Makes sure the device exists, sending from this underlay address; one left with another address (the node's
     * address changed) is made again.
     */
    public Vtep ensure(String underlayAddress) {
        JsonNode existing = link(NAME);
        if (existing != null && !underlayAddress.equals(existing.path("linkinfo").path("info_data").path("local")
                .asText())) {
            namespace.run("ip", "link", "del", NAME);
            existing = null;
        }
        JsonNode underlay = link(underlayDevice);
        if (underlay == null) {
            throw new NodeNamespace.CommandFailure("the node has no underlay link " + underlayDevice
                    + " (kumos.agent.underlay-device)");
        }
        int mtu = underlay.path("mtu").asInt(1500) - OVERHEAD;
        if (existing == null) {
            namespace.run("ip", "link", "add", NAME, "type", "vxlan", "id", "1", "dstport", "8472", "dev",
                    underlayDevice, "local", underlayAddress, "nolearning");
            namespace.run("ip", "link", "set", NAME, "mtu", Integer.toString(mtu), "up");
            existing = link(NAME);
        }
        return new Vtep(existing.path("address").asText(), mtu);
    }

    /** Gives the device the VTEP address of the node's subnet. */
    public void assign(String subnet) {
        namespace.run("ip", "addr", "replace", OverlayPlan.vtepAddress(subnet) + "/32", "dev", NAME);
    }

    /** The routes, neighbours and forwarding entries the device has now. */
    public OverlayPlan.Entries current() {
        Set<OverlayPlan.Route> routes = collect(namespace.run("ip", "-j", "route", "show", "dev", NAME), entry ->
                entry.has("gateway") ? new OverlayPlan.Route(entry.path("dst").asText(),
                        entry.path("gateway").asText()) : null);
        Set<OverlayPlan.Neighbour> neighbours = collect(namespace.run("ip", "-j", "neigh", "show", "dev", NAME),
                entry -> entry.has("lladdr") ? new OverlayPlan.Neighbour(entry.path("dst").asText(),
                        entry.path("lladdr").asText()) : null);
        Set<OverlayPlan.Forwarding> forwarding = collect(namespace.run("bridge", "-j", "fdb", "show", "dev", NAME),
                entry -> entry.has("dst") ? new OverlayPlan.Forwarding(entry.path("mac").asText(),
                        entry.path("dst").asText()) : null);
        return new OverlayPlan.Entries(routes, neighbours, forwarding);
    }

    private JsonNode link(String name) {
        try {
            return parse(namespace.run("ip", "-j", "-d", "link", "show", name)).path(0);
        } catch (NodeNamespace.CommandFailure e) {
            return null;
        }
    }

    private <T> Set<T> collect(String output, Function<JsonNode, T> entry) {
        Set<T> entries = new HashSet<>();
        for (JsonNode node : parse(output)) {
            T value = entry.apply(node);
            if (value != null) {
                entries.add(value);
            }
        }
        return entries;
    }

    private JsonNode parse(String output) {
        try {
            return output.isBlank() ? json.createArrayNode() : json.readTree(output);
        } catch (JsonProcessingException e) {
            throw new NodeNamespace.CommandFailure("iproute2 printed no JSON: " + e.getOriginalMessage());
        }
    }
}

package io.kumos.agent.network;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.agent.AgentConfig;

/**
 * The node's VTEP with the {@code vxlan} backend, flannel's {@code flannel.1}: a VXLAN device ({@value #NAME}, VNI 1,
 * UDP 8472, no learning: every forwarding entry comes from a lease) on the node's underlay link, its MTU 50 bytes
 * less than the link's to leave room for the encapsulation, its address the first of the node's pod subnet.
 * Blocking: worker threads only.
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
    private final NodeKernel kernel;
    private final String underlayDevice;

    VxlanDevice(NodeNamespace namespace, NodeKernel kernel, AgentConfig config) {
        this.namespace = namespace;
        this.kernel = kernel;
        this.underlayDevice = config.underlayDevice();
    }

    /**
     * Makes sure the device exists, sending from this underlay address; one left with another address (the node's
     * address changed) is made again.
     */
    public Vtep ensure(String underlayAddress) {
        JsonNode existing = kernel.link(NAME).orElse(null);
        if (existing != null && !underlayAddress.equals(existing.path("linkinfo").path("info_data").path("local")
                .asText())) {
            namespace.run("ip", "link", "del", NAME);
            existing = null;
        }
        int mtu = kernel.mtu(underlayDevice) - OVERHEAD;
        if (existing == null) {
            namespace.run("ip", "link", "add", NAME, "type", "vxlan", "id", "1", "dstport", "8472", "dev",
                    underlayDevice, "local", underlayAddress, "nolearning");
            namespace.run("ip", "link", "set", NAME, "mtu", Integer.toString(mtu), "up");
            existing = kernel.link(NAME).orElseThrow();
        }
        return new Vtep(existing.path("address").asText(), mtu);
    }

    /** Gives the device the VTEP address of the node's subnet. */
    public void assign(String subnet) {
        namespace.run("ip", "addr", "replace", OverlayPlan.vtepAddress(subnet) + "/32", "dev", NAME);
    }
}

package io.kumos.agent.pods;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.network.CniPlugins;
import io.kumos.agent.network.NodeNamespace;
import io.kumos.agent.network.OverlayLoop;

/**
 * A sandbox's network with {@code kumos.agent.pod-network=cni}: the sandbox starts with no Docker network, and the
 * CNI plugins give it the pod's address on the node's bridge once its process holds its namespace; before the
 * sandbox is removed (also as an orphan after an agent restart) they take it off again. What DEL needs is kept on
 * the sandbox's labels ({@link #labels}), so the engine stays the agent's only memory. Blocking: pod workers only.
 */
@ApplicationScoped
public class SandboxNetwork {

    private static final Logger LOG = Logger.getLogger(SandboxNetwork.class);
    /** The pod's address, which Docker does not know when it did not give it. */
    static final String POD_IP = "io.kumos.pod.ip";
    /** The sandbox's host ports as JSON, for the DEL of {@code portmap}. */
    static final String HOST_PORTS = "io.kumos.sandbox.host-ports";

    private final DockerEngine engine;
    private final CniPlugins cni;
    private final OverlayLoop overlay;
    private final ObjectMapper json;

    SandboxNetwork(DockerEngine engine, CniPlugins cni, OverlayLoop overlay, ObjectMapper json) {
        this.engine = engine;
        this.cni = cni;
        this.overlay = overlay;
        this.json = json;
    }

    /** The hostPorts of every container of the pod. */
    static List<CniPlugins.HostPort> hostPorts(JsonNode pod) {
        List<CniPlugins.HostPort> ports = new ArrayList<>();
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : pod.path("spec").path(list)) {
                for (JsonNode port : container.path("ports")) {
                    int hostPort = port.path("hostPort").asInt(0);
                    if (hostPort > 0) {
                        ports.add(new CniPlugins.HostPort(hostPort, port.path("containerPort").asInt(),
                                port.path("protocol").asText("TCP").toLowerCase(Locale.ROOT),
                                port.path("hostIP").asText("")));
                    }
                }
            }
        }
        return ports;
    }

    /** The sandbox's labels besides the pod's: its address and host ports. */
    Map<String, String> labels(Map<String, String> podLabels, String ip, List<CniPlugins.HostPort> ports) {
        Map<String, String> labels = new HashMap<>(podLabels);
        labels.put(POD_IP, ip);
        try {
            labels.put(HOST_PORTS, json.writeValueAsString(ports));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return labels;
    }

    /** Attaches a started sandbox: ADD with the pod's address in the node's subnet and the overlay's MTU. */
    void attach(String sandboxId, String ip, String subnet, List<CniPlugins.HostPort> ports) {
        int mtu = overlay.podMtu().orElseThrow(() -> new IllegalStateException(
                "the node is not on the pod network yet (see the agent's log)"));
        long start = System.nanoTime();
        Long pid = engine.client().inspectContainerCmd(sandboxId).exec().getState().getPidLong();
        long found = System.nanoTime();
        cni.add(sandboxId, "/proc/" + pid + "/ns/net", ip, subnet, mtu, ports);
        long added = System.nanoTime();
        // PodNetworkBenchmark reads this line: the time the pod network adds to a pod's start, and where it goes.
        LOG.infof("Sandbox %s attached to the pod network as %s in %d ms (finding its namespace %d ms, CNI ADD %d ms)",
                sandboxId, ip, (added - start) / 1_000_000, (found - start) / 1_000_000, (added - found) / 1_000_000);
    }

    /** DEL for a sandbox about to be removed; one already gone, or never attached, is fine. */
    void detach(String sandboxId) {
        InspectContainerResponse sandbox;
        try {
            sandbox = engine.client().inspectContainerCmd(sandboxId).exec();
        } catch (NotFoundException gone) {
            return;
        }
        Map<String, String> labels = sandbox.getConfig().getLabels();
        if (labels == null || !labels.containsKey(POD_IP)) {
            return;
        }
        Long pid = sandbox.getState().getPidLong();
        String netns = Boolean.TRUE.equals(sandbox.getState().getRunning()) && pid != null && pid > 0
                ? "/proc/" + pid + "/ns/net" : "";
        try {
            cni.del(sandboxId, netns, json.readValue(labels.getOrDefault(HOST_PORTS, "[]"),
                    new TypeReference<List<CniPlugins.HostPort>>() { }));
        } catch (JsonProcessingException | NodeNamespace.CommandFailure e) {
            LOG.warnf("Sandbox %s: taking it off the pod network failed (%s); its host ports may stay mapped until "
                    + "the node's namespace is made again", sandboxId, e.getMessage());
        }
    }
}

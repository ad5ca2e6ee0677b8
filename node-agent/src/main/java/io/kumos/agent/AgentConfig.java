package io.kumos.agent;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of a node agent ({@code kumos.agent.*}, or {@code KUMOS_AGENT_*} in the environment). */
@ConfigMapping(prefix = "kumos.agent")
public interface AgentConfig {

    /** The node this agent stands for; defaults to the host name. Several agents on one engine need distinct names. */
    Optional<String> nodeName();

    /**
     * The cluster this agent belongs to: its containers and pod network carry it, so that several clusters (a
     * development one and a test one) can share a Docker engine without removing each other's containers.
     */
    @WithDefault("kumos")
    String cluster();

    /** The Docker engine to drive, as a docker-java host URI. */
    @WithDefault("unix:///var/run/docker.sock")
    String dockerHost();

    /** How long one call to the engine may take before it counts as unanswered. */
    @WithDefault("5s")
    Duration dockerTimeout();

    /** The api-gateway the agent reports to. */
    @WithDefault("http://127.0.0.1:7440")
    String apiUrl();

    /** The network-service the agent leases its node's pod subnet from. */
    @WithDefault("http://127.0.0.1:7444")
    String networkUrl();

    /** The address the Node advertises (InternalIP): where the api-gateway reaches this agent. */
    @WithDefault("127.0.0.1")
    String advertiseAddress();

    /**
     * How often the Lease and the grid heartbeat are renewed; they run out after four periods. health-service
     * declares a node unreachable after {@code kumos.health.node-grace} (10 s) without one: keep a few periods in it.
     */
    @WithDefault("2s")
    Duration heartbeatPeriod();

    /**
     * Fencing, off unless set (as Nomad's {@code stop_after_client_disconnect}): an agent that has not renewed its
     * heartbeat in the grid for this long stops every container of its pods, since health-service has declared
     * the node unreachable and its pods run elsewhere by then. Set it to health-service's
     * {@code kumos.health.node-grace} (10 s) or a little more. Pods still bound here start again once the grid
     * answers.
     */
    java.util.Optional<Duration> fenceAfter();

    /** How often the Node's status is written when nothing in it changed. */
    @WithDefault("5m")
    Duration statusReportPeriod();

    /** CPU held back from allocatable for the system and the engine, in millicores. */
    @WithDefault("100")
    long reservedCpuMillis();

    /** Memory held back from allocatable for the system and the engine, in MiB. */
    @WithDefault("256")
    long reservedMemoryMib();

    /** How many pods the node takes. */
    @WithDefault("110")
    int maxPods();

    /** The image of pod sandboxes; by default the agent's own {@code kumos/pause:1}, which it makes itself. */
    Optional<String> sandboxImage();

    /**
     * The host directory holding one directory per pod, bind-mounted into its sandbox, where the pod's long-lived
     * port forwarder listens on a unix-domain socket (see {@code ForwardSockets}); by default
     * {@code <java.io.tmpdir>/kumos-forward-<cluster>}. Used only with a local ({@code unix://}) Docker host.
     */
    Optional<String> forwardSocketDir();

    /** How long an image pull may take before the container shows {@code ErrImagePull}. */
    @WithDefault("5m")
    Duration pullTimeout();

    /** How many pods the agent works on at once (each pass of a pod is blocking engine and API calls). */
    @WithDefault("8")
    int podWorkers();

    /**
     * How pods are networked: {@code docker} (a Docker bridge network per node; pods on other nodes are out of
     * reach) or {@code cni} (the sandbox has no Docker network; the standard CNI plugins attach it to the node's
     * bridge, and the node reaches the other nodes' pods as {@link #overlayBackend} says, programmed from their
     * leases).
     */
    @WithDefault("docker")
    PodNetworkMode podNetwork();

    /** The pod networks an agent can give its pods. */
    enum PodNetworkMode {
        DOCKER, CNI
    }

    /**
     * The network namespace that stands for this node's host ({@code ip netns} name), where the CNI plugins, the
     * VXLAN device and the routes go; unset, the agent's own namespace (a real host).
     */
    Optional<String> netns();

    /** The node's link to the underlay, in its namespace: the VXLAN device sends through it. */
    @WithDefault("eth0")
    String underlayDevice();

    /**
     * How the node reaches the other nodes' pods, flannel's backends: {@code vxlan} (an overlay: VXLAN between the
     * nodes' underlay addresses, which need only reach each other by UDP 8472) or {@code host-gw} (routes only: each
     * other node's pod subnet via its underlay address, no encapsulation; for hosts on one L2 segment). Every node of
     * a cluster must use the same one: a node reaches only those of its own backend. Switching removes what the other
     * backend left on the node.
     */
    @WithDefault("vxlan")
    OverlayBackend overlayBackend();

    /** The backends of the pod network between nodes. */
    enum OverlayBackend {
        VXLAN, HOST_GW
    }

    /** Where the CNI plugins are (Debian's {@code containernetworking-plugins}). */
    @WithDefault("/usr/lib/cni")
    String cniPath();

    /**
     * Whether the agent also routes its node's pod subnet from the agent's own namespace to the node's address: on
     * one machine, where the control plane (lb-service, probes) runs beside the node namespaces.
     */
    @WithDefault("false")
    boolean machineRoute();

    /** How often the overlay's routes and forwarding entries are compared with the nodes' leases. */
    @WithDefault("500ms")
    Duration overlayPeriod();

    /** How often every pod of the node is looked at, besides when something about it changes. */
    @WithDefault("1s")
    Duration syncPeriod();
}

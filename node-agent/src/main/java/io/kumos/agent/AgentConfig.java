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

    /** How often the Lease and the grid heartbeat are renewed; they run out after four periods. */
    @WithDefault("10s")
    Duration heartbeatPeriod();

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
}

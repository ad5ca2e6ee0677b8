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
}

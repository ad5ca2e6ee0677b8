package io.kumos.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * An agent on a real host, configured as the README says (environment variables only): CNI in the host's own
 * namespace, the host's address on the underlay and its NIC, and no route from a machine it does not share.
 */
class RealHostConfigTest {

    @Test
    void theReadmesEnvironmentPutsTheAgentInItsHostsNamespaceOnItsNic() {
        AgentConfig config = config(Map.of("KUMOS_AGENT_POD_NETWORK", "cni",
                "KUMOS_AGENT_ADVERTISE_ADDRESS", "192.0.2.11", "KUMOS_AGENT_UNDERLAY_DEVICE", "enp3s0"));

        assertEquals(AgentConfig.PodNetworkMode.CNI, config.podNetwork());
        assertEquals(Optional.empty(), config.netns());
        assertEquals("192.0.2.11", config.advertiseAddress());
        assertEquals("enp3s0", config.underlayDevice());
        assertFalse(config.machineRoute());
    }

    @Test
    void onOneMachineEachNodeHasANamespaceOfItsOwn() {
        AgentConfig config = config(Map.of("KUMOS_AGENT_POD_NETWORK", "cni", "KUMOS_AGENT_NETNS", "kumos-node-2"));

        assertEquals(Optional.of("kumos-node-2"), config.netns());
        assertEquals("eth0", config.underlayDevice());
        assertEquals(AgentConfig.OverlayBackend.VXLAN, config.overlayBackend());
    }

    @Test
    void hostsOnOneSegmentChooseRoutesOnlyByTheReadmesName() {
        AgentConfig config = config(Map.of("KUMOS_AGENT_POD_NETWORK", "cni", "KUMOS_AGENT_OVERLAY_BACKEND",
                "host-gw"));

        assertEquals(AgentConfig.OverlayBackend.HOST_GW, config.overlayBackend());
    }

    private static AgentConfig config(Map<String, String> environment) {
        // Quarkus's converter reads the defaults' "5s" and "500ms", as in the agent.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AgentConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300)).build();
        return config.getConfigMapping(AgentConfig.class);
    }
}

package io.kumos.agent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PodNetworkTest {

    @Test
    void addressesBelongToTheirSubnetOnly() {
        assertTrue(PodNetwork.contains("10.244.3.0/24", "10.244.3.17"));
        assertFalse(PodNetwork.contains("10.244.3.0/24", "10.244.4.17"));
        assertTrue(PodNetwork.contains("10.244.0.0/16", "10.244.255.1"));
        assertEquals("10.244.3.1", io.kumos.agent.network.CniPlugins.gateway("10.244.3.0/24"));
    }
}

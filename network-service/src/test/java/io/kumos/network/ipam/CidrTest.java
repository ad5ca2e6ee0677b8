package io.kumos.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void subnetsAndAddressesByIndex() {
        Cidr cluster = Cidr.parse("10.244.0.0/16");
        assertEquals(256, cluster.subnets(24));
        assertEquals("10.244.3.0/24", cluster.subnet(24, 3).toString());
        assertEquals("10.244.3.2", cluster.subnet(24, 3).address(2));
        assertEquals(256, cluster.subnet(24, 3).size());
        assertEquals("10.244.0.0/16", Cidr.parse("10.244.7.9/16").toString(), "the base is masked");
    }

    @Test
    void containsItsAddressesOnly() {
        Cidr subnet = Cidr.parse("10.244.3.0/24");
        assertTrue(subnet.contains("10.244.3.0"));
        assertTrue(subnet.contains("10.244.3.255"));
        assertFalse(subnet.contains("10.244.4.0"));
        assertFalse(subnet.contains("10.244.2.255"));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.244.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.300.0.0/16"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }
}

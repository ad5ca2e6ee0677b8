package io.kumos.grid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void cpuInMillicores() {
        assertEquals(500, Quantities.milliCpu("500m"));
        assertEquals(1500, Quantities.milliCpu("1.5"));
        assertEquals(2000, Quantities.milliCpu("2"));
        assertEquals(1, Quantities.milliCpu("100u"), "rounded up, as Kubernetes rounds");
    }

    @Test
    void memoryInBytes() {
        assertEquals(64L << 20, Quantities.bytes("64Mi"));
        assertEquals(1_000_000_000L, Quantities.bytes("1G"));
        assertEquals(129_000_000L, Quantities.bytes("129e6"));
        assertEquals(4194304L * 1024, Quantities.bytes("4194304Ki"));
        assertEquals(123, Quantities.bytes("123"));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Quantities.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> Quantities.parse("1Xi"));
    }
}

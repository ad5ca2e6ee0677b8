package io.kumos.gateway.printing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HumanDurationTest {

    private static String age(long seconds) {
        return HumanDuration.of(Duration.ofSeconds(seconds));
    }

    @Test
    void kubectlStyleAges() {
        assertEquals("<invalid>", age(-5));
        assertEquals("0s", age(-1));
        assertEquals("45s", age(45));
        assertEquals("119s", age(119));
        assertEquals("2m", age(120));
        assertEquals("5m12s", age(312));
        assertEquals("15m", age(900));
        assertEquals("3h", age(3 * 3600));
        assertEquals("3h5m", age(3 * 3600 + 300));
        assertEquals("20h", age(20 * 3600));
        assertEquals("2d", age(48 * 3600));
        assertEquals("3d4h", age(76 * 3600));
        assertEquals("12d", age(12 * 86400));
        assertEquals("2y10d", age((2 * 365 + 10) * 86400L));
        assertEquals("9y", age(9 * 365 * 86400L));
    }
}

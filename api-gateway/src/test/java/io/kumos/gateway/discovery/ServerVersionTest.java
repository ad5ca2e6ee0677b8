package io.kumos.gateway.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerVersionTest {

    @Test
    void claimsKubernetes130WithKumosInTheBuildMetadata() {
        ServerVersion version = ServerVersion.of("0.3.1", "2026-11-26T20:00:00Z");
        assertEquals("1", version.major());
        assertEquals("30", version.minor());
        assertEquals("v1.30.0+kumos.0.3.1", version.gitVersion());
        assertEquals("2026-11-26T20:00:00Z", version.buildDate());
        assertEquals("clean", version.gitTreeState());
    }

    @Test
    void platformUsesGoArchitectureNames() {
        assertEquals("linux/amd64", ServerVersion.platformOf("amd64"));
        assertEquals("linux/amd64", ServerVersion.platformOf("x86_64"));
        assertEquals("linux/arm64", ServerVersion.platformOf("aarch64"));
        assertEquals("linux/s390x", ServerVersion.platformOf("s390x"));
    }
}

package io.kumos.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server configuration GridServer writes, alone and as a member, and what a joining member forgets. */
class GridServerTest {

    private static final GridServer.Membership MEMBER_2 = new GridServer.Membership("kumos-test-grid", "grid-2",
            11323, List.of("127.0.0.1:11322", "127.0.0.1:11323", "127.0.0.1:11324"));

    @Test
    void aLoneServerIsAOneMemberClusterThatNeverLooksForAnother() throws IOException {
        String config = GridServer.config("127.0.0.1", 11222, GridServer.Membership.alone(Path.of("/tmp/g")));
        assertTrue(config.contains("<transport cluster=\"kumos-" + Integer.toHexString(Path.of("/tmp/g").hashCode())
                + "\" stack=\"kumos-loopback\"/>"), config);
        assertTrue(config.contains("<LOCAL_PING xmlns=\"urn:org:jgroups\" stack.combine=\"REPLACE\""), config);
        assertTrue(config.contains("bind_port=\"0\""), config);
        assertFalse(config.contains("<TCPPING"), config);
        assertTrue(config.contains("<socket-binding name=\"default\" port=\"11222\"/>"), config);
        assertFalse(config.contains("@"), "every placeholder filled: " + config);
    }

    @Test
    void aMemberBindsItsOwnPortAndFindsTheOthersAtTheirs() throws IOException {
        String config = GridServer.config("127.0.0.1", 11223, MEMBER_2);
        assertTrue(config.contains("<transport cluster=\"kumos-test-grid\" stack=\"kumos-members\" node-name=\"grid-2\"/>"),
                config);
        assertTrue(config.contains("bind_port=\"11323\" port_range=\"0\""), config);
        assertTrue(config.contains("initial_hosts=\"127.0.0.1[11322],127.0.0.1[11323],127.0.0.1[11324]\""), config);
        assertFalse(config.contains("<LOCAL_PING"), config);
        assertTrue(config.contains("<socket-binding name=\"default\" port=\"11223\"/>"), config);
        assertFalse(config.contains("@"), "every placeholder filled: " + config);
    }

    @Test
    void aMemberAddressWithoutAPortIsRefused() {
        GridServer.Membership broken = new GridServer.Membership("c", "grid-1", 11322, List.of("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, broken::initialHosts);
    }

    @Test
    void aJoiningMemberForgetsItsCacheStoresAndKeepsTheRest(@TempDir Path root) throws IOException {
        Path globalState = root.resolve("global-state");
        Path ipam = Files.createDirectories(globalState.resolve("kumos-ipam"));
        Files.createDirectories(ipam.resolve("data"));
        Files.createDirectories(ipam.resolve("index"));
        Files.writeString(ipam.resolve("data").resolve("ispn12.0"), "stale");
        Files.writeString(globalState.resolve("___global.state"), "kept");
        Files.writeString(globalState.resolve("___protobuf_metadata.dat"), "kept");

        GridServer.forgetCacheStores(globalState);

        assertFalse(Files.exists(ipam));
        assertEquals("kept", Files.readString(globalState.resolve("___global.state")));
        assertEquals("kept", Files.readString(globalState.resolve("___protobuf_metadata.dat")));
    }
}

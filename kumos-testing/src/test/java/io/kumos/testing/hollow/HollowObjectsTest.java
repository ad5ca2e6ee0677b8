package io.kumos.testing.hollow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class HollowObjectsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T21:00:00.123456Z");

    @Test
    void nodesAreSpreadRoundRobinOverTheZonesWithTheFleetsCapacityAndReady() {
        HollowFleet fleet = HollowFleet.of("h", 4).withCapacity("8", "32Gi", 250);
        List<String> zones = fleet.names().stream().map(name -> HollowObjects.node(fleet,
                Integer.parseInt(name.substring(2)), NOW).path("metadata").path("labels")
                .path(HollowFleet.ZONE_LABEL).asText()).toList();
        assertEquals(List.of("zone-a", "zone-b", "zone-c", "zone-a"), zones);

        ObjectNode node = HollowObjects.node(fleet, 2, NOW);
        assertEquals("h-2", node.path("metadata").path("name").asText());
        assertEquals("h-2", node.path("metadata").path("labels").path("kubernetes.io/hostname").asText());
        assertEquals("h", node.path("metadata").path("labels").path(HollowFleet.LABEL).asText());
        assertEquals("8", node.path("status").path("allocatable").path("cpu").asText());
        assertEquals("32Gi", node.path("status").path("capacity").path("memory").asText());
        assertEquals("250", node.path("status").path("allocatable").path("pods").asText());
        assertTrue(HollowObjects.ready(node));
    }

    @Test
    void aNodeWhoseReadyIsNotTrueIsNotReady() throws Exception {
        JsonNode unknown = new ObjectMapper().readTree("""
                {"status":{"conditions":[{"type":"MemoryPressure","status":"True"},
                {"type":"Ready","status":"Unknown"}]}}""");
        assertFalse(HollowObjects.ready(unknown));
        assertFalse(HollowObjects.ready(new ObjectMapper().createObjectNode()));
    }

    @Test
    void aRunningPodHasEveryContainerRunningAndItsUidAsPrecondition() throws Exception {
        JsonNode pod = new ObjectMapper().readTree("""
                {"metadata":{"name":"p","namespace":"n","uid":"u-1"},
                 "spec":{"nodeName":"h-1","containers":[{"name":"a","image":"x:1"},{"name":"b","image":"y:2"}]}}""");
        ObjectNode patch = HollowObjects.running(pod, NOW);
        assertEquals("u-1", patch.path("metadata").path("uid").asText());
        assertEquals("Running", patch.path("status").path("phase").asText());
        JsonNode containers = patch.path("status").path("containerStatuses");
        assertEquals(2, containers.size());
        assertEquals("y:2", containers.get(1).path("image").asText());
        assertTrue(containers.get(1).path("ready").asBoolean());
        assertEquals("2026-12-07T21:00:00Z", containers.get(0).path("state").path("running").path("startedAt")
                .asText());
        assertEquals(0, HollowObjects.confirmDeletion(pod).path("gracePeriodSeconds").asInt());
        assertEquals("u-1", HollowObjects.confirmDeletion(pod).path("preconditions").path("uid").asText());
    }

    @Test
    void aLeaseIsOwnedByItsNodeAndRenewedInMicroseconds() {
        ObjectNode lease = HollowObjects.lease("h-1", "uid-9", 40, NOW);
        assertEquals("kube-node-lease", lease.path("metadata").path("namespace").asText());
        assertEquals("uid-9", lease.path("metadata").path("ownerReferences").get(0).path("uid").asText());
        assertEquals("2026-12-07T21:00:00.123456Z", lease.path("spec").path("renewTime").asText());
        assertEquals(40, HollowObjects.leaseRenewal("h-1", 40, NOW).path("spec").path("leaseDurationSeconds")
                .asLong());
    }
}

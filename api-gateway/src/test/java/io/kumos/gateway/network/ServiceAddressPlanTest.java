package io.kumos.gateway.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a Service write claims from network-service and gives back, for each kind of write. */
class ServiceAddressPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNewServiceClaimsAnyAddressOrTheOneItNames() {
        ServiceAddressPlan any = ServiceAddressPlan.of(spec("{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}"),
                null);
        assertEquals(Optional.of(""), any.clusterIp());
        assertTrue(any.nodePorts().isEmpty());

        ServiceAddressPlan named = ServiceAddressPlan.of(spec("{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.10\"}"),
                null);
        assertEquals(Optional.of("10.96.0.10"), named.clusterIp());
    }

    @Test
    void headlessAndExternalNameServicesClaimNoAddress() {
        assertTrue(ServiceAddressPlan.of(spec("{\"type\":\"ClusterIP\",\"clusterIP\":\"None\"}"), null)
                .claimsNothing());
        assertTrue(ServiceAddressPlan.of(spec("{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}"), null)
                .claimsNothing());
    }

    @Test
    void nodePortsAreClaimedForEachPortWithOrWithoutANumber() {
        ServiceAddressPlan plan = ServiceAddressPlan.of(spec("""
                {"type":"NodePort","ports":[{"name":"a","port":80},{"name":"b","port":81,"nodePort":30081}]}
                """), null);
        assertEquals(List.of(0, 1), plan.portIndexes());
        assertEquals(List.of(0, 30081), plan.nodePorts());

        ServiceAddressPlan unallocated = ServiceAddressPlan.of(spec("""
                {"type":"LoadBalancer","allocateLoadBalancerNodePorts":false,
                 "ports":[{"name":"a","port":80},{"name":"b","port":81,"nodePort":30081}]}
                """), null);
        assertEquals(List.of(1), unallocated.portIndexes(), "only the port that names one");
        assertEquals(List.of(30081), unallocated.nodePorts());
    }

    @Test
    void anUpdateClaimsOnlyWhatTheOldServiceDidNotHoldAndGivesBackWhatItDropped() {
        JsonNode old = spec("""
                {"type":"NodePort","clusterIP":"10.96.0.7",
                 "ports":[{"name":"a","port":80,"nodePort":30080},{"name":"b","port":81,"nodePort":30081}]}
                """);
        ServiceAddressPlan same = ServiceAddressPlan.of(old, old);
        assertTrue(same.claimsNothing());
        assertTrue(same.releasedNodePorts().isEmpty());
        assertFalse(same.releasesClusterIp());

        ServiceAddressPlan changed = ServiceAddressPlan.of(spec("""
                {"type":"NodePort","clusterIP":"10.96.0.7",
                 "ports":[{"name":"a","port":80,"nodePort":30080},{"name":"c","port":82}]}
                """), old);
        assertEquals(List.of(1), changed.portIndexes());
        assertEquals(List.of(0), changed.nodePorts());
        assertEquals(List.of(30081), changed.releasedNodePorts());

        ServiceAddressPlan toClusterIp = ServiceAddressPlan.of(spec("""
                {"type":"ClusterIP","clusterIP":"10.96.0.7","ports":[{"name":"a","port":80},{"name":"b","port":81}]}
                """), old);
        assertTrue(toClusterIp.claimsNothing());
        assertEquals(List.of(30080, 30081), toClusterIp.releasedNodePorts());

        ServiceAddressPlan toExternalName = ServiceAddressPlan.of(spec("""
                {"type":"ExternalName","externalName":"example.com","ports":[{"name":"a","port":80}]}
                """), old);
        assertTrue(toExternalName.releasesClusterIp());

        ServiceAddressPlan fromExternalName = ServiceAddressPlan.of(old, spec("""
                {"type":"ExternalName","externalName":"example.com"}
                """));
        assertEquals(Optional.of("10.96.0.7"), fromExternalName.clusterIp());
        assertEquals(List.of(30080, 30081), fromExternalName.nodePorts());
    }

    private static JsonNode spec(String spec) {
        try {
            return JSON.readTree("{\"metadata\":{\"name\":\"web\",\"uid\":\"u\"},\"spec\":" + spec + "}");
        } catch (Exception e) {
            throw new IllegalArgumentException(spec, e);
        }
    }
}

package io.kumos.gateway.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Service update keeps the allocated values the client left out and drops those the new type has no use for, as
 * kube-apiserver does; validation refuses node ports where the type has none.
 */
class ServiceUpdatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KindRules SERVICES = Kinds.of("Service");
    private static final JsonNode OLD = service("""
            {"type":"NodePort","clusterIP":"10.96.0.7","clusterIPs":["10.96.0.7"],"ipFamilies":["IPv4"],
             "ipFamilyPolicy":"SingleStack",
             "ports":[{"name":"http","port":80,"nodePort":30080},{"name":"admin","port":81,"nodePort":30081}]}
            """);

    @Test
    void aReplaceWithTheManifestKeepsTheClusterIpAndTheNodePortsByName() {
        ObjectNode manifest = service("""
                {"type":"NodePort","ports":[{"name":"admin","port":81},{"name":"http","port":80},
                 {"name":"new","port":82}]}
                """);

        update(manifest);

        assertEquals("10.96.0.7", manifest.path("spec").path("clusterIP").asText());
        assertEquals("[\"10.96.0.7\"]", manifest.path("spec").path("clusterIPs").toString());
        assertEquals(30081, manifest.path("spec").path("ports").path(0).path("nodePort").asInt());
        assertEquals(30080, manifest.path("spec").path("ports").path(1).path("nodePort").asInt());
        assertFalse(manifest.path("spec").path("ports").path(2).has("nodePort"), "a new port gets a new one");
        assertTrue(errors(manifest).isEmpty());
    }

    @Test
    void becomingAClusterIpServiceDropsTheNodePortsUnlessTheyWereChanged() {
        ObjectNode patched = OLD.deepCopy();
        ((ObjectNode) patched.path("spec")).put("type", "ClusterIP");
        update(patched);
        assertFalse(patched.path("spec").path("ports").path(0).has("nodePort"));
        assertTrue(errors(patched).isEmpty());

        ObjectNode changed = OLD.deepCopy();
        ((ObjectNode) changed.path("spec")).put("type", "ClusterIP");
        ((ObjectNode) changed.path("spec").path("ports").path(0)).put("nodePort", 30090);
        update(changed);
        FieldErrors errors = errors(changed);
        assertFalse(errors.isEmpty(), "a node port on a ClusterIP Service is refused");
    }

    @Test
    void becomingAnExternalNameServiceDropsTheClusterIp() {
        ObjectNode patched = OLD.deepCopy();
        ((ObjectNode) patched.path("spec")).put("type", "ExternalName").put("externalName", "example.com");
        update(patched);
        assertFalse(patched.path("spec").has("clusterIP"));
        assertFalse(patched.path("spec").has("clusterIPs"));
    }

    @Test
    void aClusterIpIsAnAddressAndAHeadlessServiceHasNoNodePorts() {
        ObjectNode bad = service("{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0\",\"ports\":[{\"port\":80}]}");
        SERVICES.applyDefaults(bad);
        assertFalse(errors(bad).isEmpty());
        ObjectNode headless = service("{\"type\":\"NodePort\",\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}");
        SERVICES.applyDefaults(headless);
        assertFalse(errors(headless).isEmpty());
        ObjectNode twice = service("""
                {"type":"NodePort","ports":[{"name":"a","port":80,"nodePort":30080},
                 {"name":"b","port":81,"nodePort":30080}]}
                """);
        SERVICES.applyDefaults(twice);
        assertFalse(errors(twice).isEmpty(), "one node port, one port (per protocol)");
    }

    private static void update(ObjectNode service) {
        SERVICES.applyUpdateDefaults(service, OLD);
        SERVICES.applyDefaults(service);
    }

    private static FieldErrors errors(ObjectNode service) {
        FieldErrors errors = new FieldErrors();
        SERVICES.validate(service, errors);
        return errors;
    }

    private static ObjectNode service(String spec) {
        try {
            return (ObjectNode) JSON.readTree("{\"metadata\":{\"name\":\"web\"},\"spec\":" + spec + "}");
        } catch (Exception e) {
            throw new IllegalArgumentException(spec, e);
        }
    }
}

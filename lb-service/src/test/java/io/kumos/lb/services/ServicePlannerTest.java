package io.kumos.lb.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.Route;
import io.kumos.lb.proxy.ServiceKey;
import io.kumos.lb.proxy.SessionAffinity;

/** From Services and Endpoints to listeners and routes, as kube-proxy reads them. */
class ServicePlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ServicePlanner planner = new ServicePlanner("127.0.0.1");

    @Test
    void aLoadBalancerListensOnItsPortAndNodePortAndRoutesToReadyAddresses() {
        Planning planning = planner.plan(List.of(service("shop", "web", "LoadBalancer",
                "{\"name\":\"http\",\"port\":8080,\"nodePort\":30080,\"targetPort\":80}")),
                List.of(endpoints("shop", "web", """
                        {"addresses":[{"ip":"10.244.1.3"},{"ip":"10.244.1.2"}],
                         "notReadyAddresses":[{"ip":"10.244.1.9"}],
                         "ports":[{"name":"http","port":80,"protocol":"TCP"}]}""")));

        ServiceKey key = new ServiceKey("shop", "web", "http");
        assertEquals(Map.of(new ListenerAddress("127.0.0.1", 8080), key, new ListenerAddress("127.0.0.1", 30080), key),
                planning.plan().listeners());
        assertEquals(Route.of(List.of(new Backend("10.244.1.2", 80), new Backend("10.244.1.3", 80))),
                planning.plan().routes().get(key), "ready addresses only, in a stable order");
    }

    @Test
    void aNodePortServiceListensOnItsNodePortsOnlyAndOtherTypesNowhere() {
        Planning planning = planner.plan(List.of(
                service("shop", "api", "NodePort", "{\"name\":\"grpc\",\"port\":9090,\"nodePort\":30090}",
                        "{\"name\":\"metrics\",\"port\":9100}"),
                service("shop", "db", "ClusterIP", "{\"port\":5432}")), List.of());

        assertEquals(Map.of(new ListenerAddress("127.0.0.1", 30090), new ServiceKey("shop", "api", "grpc")),
                planning.plan().listeners());
        assertEquals(List.of(), planning.plan().routes().get(new ServiceKey("shop", "api", "grpc")).backends(),
                "no Endpoints yet: listen and refuse");
    }

    @Test
    void eachServicePortTakesTheSubsetPortOfItsNameAndOnlyTcp() {
        Planning planning = planner.plan(List.of(service("shop", "web", "LoadBalancer",
                "{\"name\":\"http\",\"port\":80}", "{\"name\":\"admin\",\"port\":81}",
                "{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"}")),
                List.of(endpoints("shop", "web", """
                        {"addresses":[{"ip":"10.244.1.2"}],
                         "ports":[{"name":"http","port":8080},{"name":"admin","port":9000}]}""", """
                        {"addresses":[{"ip":"10.244.2.2"}],"ports":[{"name":"http","port":8081}]}""")));

        assertEquals(List.of(new Backend("10.244.1.2", 8080), new Backend("10.244.2.2", 8081)),
                planning.plan().routes().get(new ServiceKey("shop", "web", "http")).backends());
        assertEquals(List.of(new Backend("10.244.1.2", 9000)),
                planning.plan().routes().get(new ServiceKey("shop", "web", "admin")).backends());
        assertEquals(2, planning.plan().listeners().size(), "no listener for the UDP port");
    }

    @Test
    void clientIpAffinityComesWithItsTimeout() throws JsonProcessingException {
        JsonNode sticky = JSON.readTree("""
                {"metadata":{"namespace":"shop","name":"cart"},
                 "spec":{"type":"LoadBalancer","ports":[{"port":7000}],"sessionAffinity":"ClientIP",
                         "sessionAffinityConfig":{"clientIP":{"timeoutSeconds":60}}}}""");
        JsonNode defaulted = JSON.readTree("""
                {"metadata":{"namespace":"shop","name":"wishlist"},
                 "spec":{"type":"LoadBalancer","ports":[{"port":7001}],"sessionAffinity":"ClientIP"}}""");
        Planning planning = planner.plan(List.of(sticky, defaulted), List.of());

        assertEquals(SessionAffinity.clientIp(Duration.ofSeconds(60)),
                planning.plan().routes().get(new ServiceKey("shop", "cart", "")).affinity());
        assertEquals(SessionAffinity.clientIp(SessionAffinity.DEFAULT_CLIENT_IP_TIMEOUT),
                planning.plan().routes().get(new ServiceKey("shop", "wishlist", "")).affinity());
    }

    @Test
    void theOlderServiceKeepsAPortTwoServicesWant() throws JsonProcessingException {
        JsonNode newer = JSON.readTree("""
                {"metadata":{"namespace":"a","name":"newer","creationTimestamp":"2025-02-01T00:00:00Z"},
                 "spec":{"type":"LoadBalancer","ports":[{"name":"http","port":80}]}}""");
        JsonNode older = JSON.readTree("""
                {"metadata":{"namespace":"b","name":"older","creationTimestamp":"2025-01-01T00:00:00Z"},
                 "spec":{"type":"LoadBalancer","ports":[{"name":"http","port":80}]}}""");
        Planning planning = planner.plan(List.of(newer, older), List.of());

        ListenerAddress port80 = new ListenerAddress("127.0.0.1", 80);
        assertEquals(Map.of(port80, new ServiceKey("b", "older", "http")), planning.plan().listeners());
        assertEquals(List.of(new ListenerConflict(port80, new ServiceKey("a", "newer", "http"),
                new ServiceKey("b", "older", "http"))), planning.conflicts());
        assertTrue(planning.conflicts().get(0).message().contains("b/older:http"));
    }

    @Test
    void addressesThatAreNotIpsAreNeverDialled() {
        Planning planning = planner.plan(List.of(service("shop", "web", "NodePort",
                "{\"name\":\"http\",\"port\":80,\"nodePort\":30080}")),
                List.of(endpoints("shop", "web", """
                        {"addresses":[{"ip":"example.com"},{"ip":"fd00::7"}],"ports":[{"name":"http","port":80}]}""")));

        assertEquals(List.of(new Backend("fd00::7", 80)),
                planning.plan().routes().get(new ServiceKey("shop", "web", "http")).backends());
    }

    private static JsonNode service(String namespace, String name, String type, String... ports) {
        return read("{\"metadata\":{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\"},"
                + "\"spec\":{\"type\":\"" + type + "\",\"ports\":[" + String.join(",", ports) + "]}}");
    }

    private static JsonNode endpoints(String namespace, String name, String... subsets) {
        return read("{\"metadata\":{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\"},"
                + "\"subsets\":[" + String.join(",", subsets) + "]}");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}

package io.kumos.network.endpoints;

import static io.kumos.network.endpoints.TestObjects.parse;
import static io.kumos.network.endpoints.TestObjects.pod;
import static io.kumos.network.endpoints.TestObjects.service;
import static io.kumos.network.endpoints.TestObjects.terminating;
import static io.kumos.network.endpoints.TestObjects.withPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Endpoints a Service gets from its pods, as {@code kubectl get endpoints -o yaml} shows them. */
class DesiredEndpointsTest {

    @Test
    void readyPodsAreAddressesAndOthersNotReadyAddresses() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080");
        List<JsonNode> pods = List.of(
                pod("shop", "web-b", "web", "10.244.0.12", true),
                pod("shop", "web-a", "web", "10.244.0.11", true),
                pod("shop", "web-c", "web", "10.244.0.13", false),
                pod("shop", "web-pending", "web", null, false),
                pod("shop", "db", "db", "10.244.0.20", true),
                pod("other", "web-elsewhere", "web", "10.244.0.30", true));

        ObjectNode endpoints = DesiredEndpoints.of(SelectingService.of(web).orElseThrow(), pods);

        assertEquals(parse("""
                [{"addresses":[
                   {"ip":"10.244.0.11","nodeName":"node-1",
                    "targetRef":{"kind":"Pod","namespace":"shop","name":"web-a","uid":"uid-web-a"}},
                   {"ip":"10.244.0.12","nodeName":"node-1",
                    "targetRef":{"kind":"Pod","namespace":"shop","name":"web-b","uid":"uid-web-b"}}],
                  "notReadyAddresses":[
                   {"ip":"10.244.0.13","nodeName":"node-1",
                    "targetRef":{"kind":"Pod","namespace":"shop","name":"web-c","uid":"uid-web-c"}}],
                  "ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]
                """), endpoints.path("subsets"), "pods of other labels or namespaces, or without address, are out");
        assertEquals("web", endpoints.path("metadata").path("name").asText());
        assertEquals("shop", endpoints.path("metadata").path("namespace").asText());
        assertEquals(parse("{\"app\":\"web\",\"endpoints.kubernetes.io/managed-by\":\"endpoint-controller\"}"),
                endpoints.path("metadata").path("labels"), "the Service's labels, and who manages it");
    }

    @Test
    void aNamedTargetPortIsEachPodsContainerPortOfThatName() {
        ObjectNode web = service("shop", "web", "web", "http:80:web");
        List<JsonNode> pods = List.of(
                withPort(pod("shop", "old", "web", "10.244.0.11", true), "web", 8080, "TCP"),
                withPort(pod("shop", "new", "web", "10.244.0.12", true), "web", 9090, "TCP"),
                withPort(pod("shop", "newer", "web", "10.244.0.13", false), "web", 9090, "TCP"),
                withPort(pod("shop", "udp-only", "web", "10.244.0.14", true), "web", 8080, "UDP"),
                pod("shop", "portless", "web", "10.244.0.15", true));

        JsonNode subsets = DesiredEndpoints.of(SelectingService.of(web).orElseThrow(), pods).path("subsets");

        assertEquals(2, subsets.size(), "one subset per port number: " + subsets);
        assertEquals(parse("[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]"), subsets.path(0).path("ports"));
        assertEquals(List.of("10.244.0.11"), ips(subsets.path(0).path("addresses")));
        assertEquals(parse("[{\"name\":\"http\",\"port\":9090,\"protocol\":\"TCP\"}]"), subsets.path(1).path("ports"));
        assertEquals(List.of("10.244.0.12"), ips(subsets.path(1).path("addresses")));
        assertEquals(List.of("10.244.0.13"), ips(subsets.path(1).path("notReadyAddresses")));
        assertFalse(subsets.toString().contains("10.244.0.14"), "a port of another protocol is not the one named");
        assertFalse(subsets.toString().contains("10.244.0.15"), "a pod without the named port serves nothing");
    }

    @Test
    void podsServingOnlySomePortsAreInASubsetOfTheirOwn() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080", "metrics:9100:metrics");
        List<JsonNode> pods = List.of(
                withPort(pod("shop", "exporting", "web", "10.244.0.11", true), "metrics", 9100, "TCP"),
                pod("shop", "plain", "web", "10.244.0.12", true));

        JsonNode subsets = DesiredEndpoints.of(SelectingService.of(web).orElseThrow(), pods).path("subsets");

        assertEquals(parse("""
                [{"addresses":[{"ip":"10.244.0.11","nodeName":"node-1",
                   "targetRef":{"kind":"Pod","namespace":"shop","name":"exporting","uid":"uid-exporting"}}],
                  "ports":[{"name":"http","port":8080,"protocol":"TCP"},
                           {"name":"metrics","port":9100,"protocol":"TCP"}]},
                 {"addresses":[{"ip":"10.244.0.12","nodeName":"node-1",
                   "targetRef":{"kind":"Pod","namespace":"shop","name":"plain","uid":"uid-plain"}}],
                  "ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]
                """), subsets);
    }

    @Test
    void terminatingAndFinishedPodsAreNoEndpoints() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080");
        ObjectNode finished = pod("shop", "done", "web", "10.244.0.13", false);
        ((ObjectNode) finished.path("status")).put("phase", "Succeeded");
        List<JsonNode> pods = List.of(
                pod("shop", "serving", "web", "10.244.0.11", true),
                terminating(pod("shop", "stopping", "web", "10.244.0.12", true)),
                finished);

        JsonNode subsets = DesiredEndpoints.of(SelectingService.of(web).orElseThrow(), pods).path("subsets");

        assertEquals(List.of("10.244.0.11"), ips(subsets.path(0).path("addresses")));
        assertFalse(subsets.path(0).has("notReadyAddresses"), subsets.toString());
    }

    @Test
    void publishingNotReadyAddressesMakesEveryPodAnAddress() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080");
        ((ObjectNode) web.path("spec")).put("publishNotReadyAddresses", true);
        List<JsonNode> pods = List.of(
                pod("shop", "ready", "web", "10.244.0.11", true),
                pod("shop", "starting", "web", "10.244.0.12", false),
                terminating(pod("shop", "stopping", "web", "10.244.0.13", true)));

        JsonNode subsets = DesiredEndpoints.of(SelectingService.of(web).orElseThrow(), pods).path("subsets");

        assertEquals(List.of("10.244.0.11", "10.244.0.12", "10.244.0.13"), ips(subsets.path(0).path("addresses")));
    }

    @Test
    void aServiceWithoutPodsHasNoSubsetsAndAHeadlessOneWithoutPortsListsItsPods() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080");
        assertFalse(DesiredEndpoints.of(SelectingService.of(web).orElseThrow(), List.of()).has("subsets"));

        ObjectNode headless = service("shop", "peers", "db");
        ((ObjectNode) headless.path("spec")).put("clusterIP", "None");
        ObjectNode member = pod("shop", "db-0", "db", "10.244.0.21", true);
        ((ObjectNode) member.path("spec")).put("hostname", "db-0").put("subdomain", "peers");

        ObjectNode endpoints = DesiredEndpoints.of(SelectingService.of(headless).orElseThrow(), List.of(member));

        assertEquals(parse("""
                [{"addresses":[{"ip":"10.244.0.21","hostname":"db-0","nodeName":"node-1",
                  "targetRef":{"kind":"Pod","namespace":"shop","name":"db-0","uid":"uid-db-0"}}]}]
                """), endpoints.path("subsets"));
        assertTrue(endpoints.path("metadata").path("labels").has(SelectingService.HEADLESS_LABEL));
    }

    @Test
    void servicesWithoutSelectorOrOfTypeExternalNameAreNotTheControllers() {
        ObjectNode manual = service("shop", "manual", "x", "http:80:8080");
        ((ObjectNode) manual.path("spec")).remove("selector");
        ObjectNode external = service("shop", "external", "x", "http:80:8080");
        ((ObjectNode) external.path("spec")).put("type", "ExternalName");

        assertTrue(SelectingService.of(manual).isEmpty());
        assertTrue(SelectingService.of(external).isEmpty());
    }

    static List<String> ips(JsonNode addresses) {
        return java.util.stream.StreamSupport.stream(addresses.spliterator(), false)
                .map(address -> address.path("ip").asText()).toList();
    }
}

package io.kumos.network.endpoints;

import static io.kumos.network.endpoints.TestObjects.parse;
import static io.kumos.network.endpoints.TestObjects.pod;
import static io.kumos.network.endpoints.TestObjects.service;
import static io.kumos.network.endpoints.TestObjects.terminating;
import static io.kumos.network.endpoints.TestObjects.withPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The EndpointSlices a Service gets from its pods, as {@code kubectl get endpointslices -o yaml} shows them. */
class DesiredSlicesTest {

    @Test
    void oneSliceListsEveryPodWithItsConditions() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080");
        SelectingService selecting = SelectingService.of(web).orElseThrow();
        List<JsonNode> pods = List.of(
                pod("shop", "ready", "web", "10.244.0.11", true),
                pod("shop", "starting", "web", "10.244.0.12", false),
                terminating(pod("shop", "stopping", "web", "10.244.0.13", true)),
                pod("shop", "pending", "web", null, false));

        List<ObjectNode> slices = DesiredSlices.of(selecting, pods);

        assertEquals(1, slices.size());
        ObjectNode slice = slices.get(0);
        assertEquals(parse("""
                {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4",
                 "endpoints":[
                  {"addresses":["10.244.0.11"],"conditions":{"ready":true,"serving":true,"terminating":false},
                   "nodeName":"node-1","targetRef":{"kind":"Pod","namespace":"shop","name":"ready","uid":"uid-ready"}},
                  {"addresses":["10.244.0.12"],"conditions":{"ready":false,"serving":false,"terminating":false},
                   "nodeName":"node-1",
                   "targetRef":{"kind":"Pod","namespace":"shop","name":"starting","uid":"uid-starting"}},
                  {"addresses":["10.244.0.13"],"conditions":{"ready":false,"serving":true,"terminating":true},
                   "nodeName":"node-1",
                   "targetRef":{"kind":"Pod","namespace":"shop","name":"stopping","uid":"uid-stopping"}}],
                 "ports":[{"name":"http","port":8080,"protocol":"TCP"}]}
                """), withoutMetadata(slice));
        JsonNode metadata = slice.path("metadata");
        assertTrue(metadata.path("name").asText().matches("web-[a-z0-9]{5}"), metadata.path("name").asText());
        assertEquals(parse("""
                {"app":"web","kubernetes.io/service-name":"web",
                 "endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}
                """), metadata.path("labels"));
        assertEquals(parse("""
                [{"apiVersion":"v1","kind":"Service","name":"web","uid":"uid-web","controller":true,
                  "blockOwnerDeletion":true}]
                """), metadata.path("ownerReferences"));
    }

    @Test
    void podsServingAtDifferentNumbersAreInDifferentSlicesNamedAlikeEveryTime() {
        ObjectNode web = service("shop", "web", "web", "http:80:web");
        SelectingService selecting = SelectingService.of(web).orElseThrow();
        List<JsonNode> pods = List.of(
                withPort(pod("shop", "old", "web", "10.244.0.11", true), "web", 8080, "TCP"),
                withPort(pod("shop", "new", "web", "10.244.0.12", true), "web", 9090, "TCP"));

        List<ObjectNode> slices = DesiredSlices.of(selecting, pods);

        assertEquals(2, slices.size());
        assertEquals(8080, slices.get(0).path("ports").path(0).path("port").asInt());
        assertEquals(9090, slices.get(1).path("ports").path(0).path("port").asInt());
        assertNotEquals(name(slices.get(0)), name(slices.get(1)));
        assertEquals(slices, DesiredSlices.of(selecting, pods), "the same pods give the same slices, names included");
    }

    @Test
    void moreThanAHundredPodsMakeSlicesOfAHundredAtMostTheFirstKeepingItsName() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080");
        SelectingService selecting = SelectingService.of(web).orElseThrow();
        List<JsonNode> few = new java.util.ArrayList<>();
        List<JsonNode> many = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            JsonNode pod = pod("shop", "web-" + i, "web", "10.244." + (i / 200) + "." + (i % 200 + 1), true);
            many.add(pod);
            if (i < 3) {
                few.add(pod);
            }
        }

        List<ObjectNode> slices = DesiredSlices.of(selecting, many);

        assertEquals(List.of(100, 100, 50), slices.stream().map(slice -> slice.path("endpoints").size()).toList());
        assertEquals(250, slices.stream().flatMap(slice -> java.util.stream.StreamSupport.stream(
                slice.path("endpoints").spliterator(), false)).map(e -> e.path("addresses").path(0).asText())
                .distinct().count(), "every pod once");
        assertEquals(3, slices.stream().map(DesiredSlicesTest::name).distinct().count());
        assertEquals(name(DesiredSlices.of(selecting, few).get(0)), name(slices.get(0)));
        assertEquals(slices, DesiredSlices.of(selecting, many), "the same pods give the same slices");
    }

    @Test
    void aServiceWithoutEndpointsHasOneEmptySlice() {
        SelectingService web = SelectingService.of(service("shop", "web", "web", "http:80:8080")).orElseThrow();

        List<ObjectNode> slices = DesiredSlices.of(web, List.of());

        assertEquals(1, slices.size());
        assertTrue(slices.get(0).path("endpoints").isEmpty());
        assertTrue(slices.get(0).path("ports").isMissingNode());
    }

    @Test
    void anotherServiceOfTheSameNameGetsSlicesOfOtherNames() {
        ObjectNode before = service("shop", "web", "web", "http:80:8080");
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.path("metadata")).put("uid", "uid-web-recreated");

        assertNotEquals(name(DesiredSlices.of(SelectingService.of(before).orElseThrow(), List.of()).get(0)),
                name(DesiredSlices.of(SelectingService.of(after).orElseThrow(), List.of()).get(0)));
    }

    private static String name(JsonNode slice) {
        return slice.path("metadata").path("name").asText();
    }

    private static JsonNode withoutMetadata(ObjectNode slice) {
        ObjectNode copy = slice.deepCopy();
        copy.remove("metadata");
        return copy;
    }
}

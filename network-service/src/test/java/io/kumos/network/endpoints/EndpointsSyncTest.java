package io.kumos.network.endpoints;

import static io.kumos.network.endpoints.DesiredEndpointsTest.ips;
import static io.kumos.network.endpoints.ManagedKind.ENDPOINTS;
import static io.kumos.network.endpoints.ManagedKind.ENDPOINT_SLICES;
import static io.kumos.network.endpoints.TestObjects.JSON;
import static io.kumos.network.endpoints.TestObjects.pod;
import static io.kumos.network.endpoints.TestObjects.projected;
import static io.kumos.network.endpoints.TestObjects.service;
import static io.kumos.network.endpoints.TestObjects.withPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.objects.GridObject;

/**
 * A pass of the controller against a fake gateway whose writes come back as the next pass's projection: it writes
 * what is missing or different, and nothing once everything is up to date.
 */
class EndpointsSyncTest {

    /** The projection the passes read: what the test puts, and what the fake gateway writes. */
    private final Map<String, GridObject> grid = new LinkedHashMap<>();
    private final FakeApiGateway api = new FakeApiGateway(object -> {
        if (object.deleted()) {
            grid.remove(object.key());
        } else {
            grid.put(object.key(), object);
        }
    });
    private final EndpointsSync sync = new EndpointsSync(api, JSON);

    @Test
    void writesWhatIsMissingThenNothingUntilAPodChanges() {
        put("core/services", service("shop", "web", "web", "http:80:8080"));
        put("core/pods", pod("shop", "web-1", "web", "10.244.0.11", false));

        assertEquals(2, pass(), "the Endpoints and the slice are created");
        assertEquals(List.of("create", "create"), api.calls().stream().map(FakeApiGateway.Call::verb).toList());
        assertEquals(List.of("10.244.0.11"), ips(api.get(ENDPOINTS, "shop", "web").path("subsets").path(0)
                .path("notReadyAddresses")));
        assertEquals(0, pass(), "up to date: nothing is written");

        put("core/pods", pod("shop", "web-1", "web", "10.244.0.11", true));
        api.forgetCalls();
        assertEquals(2, pass(), "the pod is ready: the Endpoints and the slice are patched: " + api.calls());
        JsonNode endpoints = api.get(ENDPOINTS, "shop", "web");
        assertEquals(List.of("10.244.0.11"), ips(endpoints.path("subsets").path(0).path("addresses")));
        assertFalse(endpoints.path("subsets").path(0).has("notReadyAddresses"), "the patch replaced the subsets");
        JsonNode slice = api.list(ENDPOINT_SLICES, "shop").get(0);
        assertTrue(slice.path("endpoints").path(0).path("conditions").path("ready").asBoolean());
        assertEquals(0, pass());

        grid.remove("core/pods/shop/web-1");
        assertEquals(2, pass());
        assertFalse(api.get(ENDPOINTS, "shop", "web").has("subsets"), "no pods: no subsets");
        assertTrue(api.list(ENDPOINT_SLICES, "shop").get(0).path("endpoints").isEmpty());
    }

    @Test
    void anObjectWrittenButNotYetProjectedIsPatchedNotCreatedTwice() {
        put("core/services", service("shop", "web", "web", "http:80:8080"));
        put("core/pods", pod("shop", "web-1", "web", "10.244.0.11", true));
        ObjectNode stale = JSON.createObjectNode();
        stale.putObject("metadata").put("namespace", "shop").put("name", "web").putObject("labels").put("old", "x");
        api.preload(ENDPOINTS, stale);

        pass();

        JsonNode endpoints = api.get(ENDPOINTS, "shop", "web");
        assertEquals(List.of("10.244.0.11"), ips(endpoints.path("subsets").path(0).path("addresses")));
        assertEquals(List.of("create", "patch"), api.calls().stream()
                .filter(call -> call.key().startsWith(ENDPOINTS.resource())).map(FakeApiGateway.Call::verb).toList());
    }

    @Test
    void labelsAreTheServicesAndWhatOthersAddedIsTakenOff() {
        ObjectNode web = service("shop", "web", "web", "http:80:8080");
        put("core/services", web);
        pass();
        ObjectNode tampered = api.get(ENDPOINTS, "shop", "web").deepCopy();
        ((ObjectNode) tampered.path("metadata").path("labels")).put("extra", "yes");
        put("core/endpoints", tampered);

        assertEquals(1, pass());
        assertFalse(api.get(ENDPOINTS, "shop", "web").path("metadata").path("labels").has("extra"));
        assertEquals("web", api.get(ENDPOINTS, "shop", "web").path("metadata").path("labels").path("app").asText());
    }

    @Test
    void objectsOfGoneServicesAreDeletedAndUsersObjectsLeftAlone() {
        put("core/services", service("shop", "web", "web", "http:80:8080"));
        ObjectNode manual = service("shop", "manual", "none", "http:80:8080");
        ((ObjectNode) manual.path("spec")).remove("selector");
        put("core/services", manual);
        ObjectNode usersEndpoints = JSON.createObjectNode();
        usersEndpoints.putObject("metadata").put("namespace", "shop").put("name", "manual");
        usersEndpoints.putArray("subsets").addObject().putArray("addresses").addObject().put("ip", "192.0.2.1");
        put("core/endpoints", usersEndpoints);
        ObjectNode orphanOfUser = usersEndpoints.deepCopy();
        ((ObjectNode) orphanOfUser.path("metadata")).put("name", "hand-made");
        put("core/endpoints", orphanOfUser);
        pass();
        assertNotNull(api.get(ENDPOINTS, "shop", "web"));

        grid.remove("core/services/shop/web");
        api.forgetCalls();
        pass();

        assertNull(api.get(ENDPOINTS, "shop", "web"));
        assertTrue(api.list(ENDPOINT_SLICES, "shop").isEmpty(), "its slices go with it");
        assertEquals(List.of("delete", "delete"), api.calls().stream().map(FakeApiGateway.Call::verb).toList(),
                "only the controller's own objects: " + api.calls());
        assertTrue(grid.containsKey("core/endpoints/shop/manual"), "a Service without selector keeps its user's");
    }

    @Test
    void aSliceWhosePortsNoLongerServeIsReplaced() {
        put("core/services", service("shop", "web", "web", "http:80:web"));
        put("core/pods", withPort(pod("shop", "web-1", "web", "10.244.0.11", true), "web", 8080, "TCP"));
        pass();
        String before = api.list(ENDPOINT_SLICES, "shop").get(0).path("metadata").path("name").asText();

        put("core/pods", withPort(pod("shop", "web-1", "web", "10.244.0.11", true), "web", 9090, "TCP"));
        pass();

        List<JsonNode> slices = api.list(ENDPOINT_SLICES, "shop");
        assertEquals(1, slices.size(), "the slice of the old port number is deleted: " + slices);
        assertFalse(before.equals(slices.get(0).path("metadata").path("name").asText()));
        assertEquals(9090, slices.get(0).path("ports").path(0).path("port").asInt());
        assertEquals(0, pass());
    }

    @Test
    void aWriteDecidedOnAStaleViewIsRefusedAndDecidedAgainFromTheNext() {
        put("core/services", service("shop", "web", "web", "http:80:8080"));
        put("core/pods", pod("shop", "web-1", "web", "10.244.0.11", false));
        pass();
        GridObject seen = grid.get("core/endpoints/shop/web");
        api.patch(ENDPOINTS, "shop", "web", TestObjects.parse("{\"metadata\":{\"annotations\":{\"by\":\"other\"}}}"));
        grid.put(seen.key(), seen);
        put("core/pods", pod("shop", "web-1", "web", "10.244.0.11", true));
        api.forgetCalls();

        pass();
        assertTrue(api.calls().stream().anyMatch(call -> call.verb().equals("patch")
                && call.key().startsWith(ENDPOINTS.resource())), "the patch was tried: " + api.calls());
        assertTrue(api.get(ENDPOINTS, "shop", "web").path("subsets").path(0).path("addresses").isEmpty(),
                "but refused: it named the version the stale view showed");

        put("core/endpoints", api.get(ENDPOINTS, "shop", "web").deepCopy());
        pass();
        assertEquals(List.of("10.244.0.11"), ips(api.get(ENDPOINTS, "shop", "web").path("subsets").path(0)
                .path("addresses")), "decided again from the fresh view");
        assertEquals("other", api.get(ENDPOINTS, "shop", "web").at("/metadata/annotations/by").asText(),
                "the other writer's change is kept");
    }

    @Test
    void anObjectOfAGoneServiceIsDeletedOnlyIfItIsStillTheOneThatWasRead() {
        put("core/services", service("shop", "web", "web", "http:80:8080"));
        pass();
        GridObject seen = grid.get("core/endpoints/shop/web");
        api.patch(ENDPOINTS, "shop", "web", TestObjects.parse("{\"metadata\":{\"annotations\":{\"by\":\"other\"}}}"));
        grid.put(seen.key(), seen);
        grid.remove("core/services/shop/web");

        pass();
        assertNotNull(api.get(ENDPOINTS, "shop", "web"), "changed since it was read: not deleted on that view");

        put("core/endpoints", api.get(ENDPOINTS, "shop", "web").deepCopy());
        pass();
        assertNull(api.get(ENDPOINTS, "shop", "web"), "deleted on the fresh view");
    }

    @Test
    void aFailedWriteIsMadeAgainByTheNextPass() {
        put("core/services", service("shop", "web", "web", "http:80:8080"));
        EndpointsSync failing = new EndpointsSync(new FailingWrites(), JSON);
        assertEquals(2, failing.sync(live()), "failures do not stop the pass");

        assertEquals(2, pass());
        assertNotNull(api.get(ENDPOINTS, "shop", "web"));
    }

    private int pass() {
        return sync.sync(live());
    }

    /** The grid's live objects by resource, as the informers hold them. */
    private Map<String, List<JsonNode>> live() {
        Map<String, List<JsonNode>> live = new HashMap<>();
        grid.values().forEach(object -> live.computeIfAbsent(object.resource(), resource -> new ArrayList<>())
                .add(TestObjects.parse(object.json())));
        return live;
    }

    private void put(String resource, JsonNode object) {
        GridObject projected = projected(resource, object, 1);
        grid.put(projected.key(), projected);
    }

    /** A gateway that does not answer. */
    private static final class FailingWrites implements ObjectWrites {

        @Override
        public void create(ManagedKind kind, String namespace, JsonNode object) {
            throw new io.kumos.grid.api.ApiCallException(0, "unreachable");
        }

        @Override
        public void patch(ManagedKind kind, String namespace, String name, JsonNode mergePatch) {
            throw new io.kumos.grid.api.ApiCallException(0, "unreachable");
        }

        @Override
        public void delete(ManagedKind kind, String namespace, String name, String uid, String resourceVersion) {
            throw new io.kumos.grid.api.ApiCallException(0, "unreachable");
        }
    }
}

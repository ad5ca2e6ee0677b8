package io.kumos.lb.services;

import static io.kumos.lb.proxy.TestBackend.freePort;
import static io.kumos.lb.proxy.TestBackend.readLine;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.TestBackend;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * lb-service against the real grid: Services and Endpoints written into the projection, as the api-gateway and
 * the endpoints controller would, and connections through the listeners it opens for them. Each test has a
 * namespace of its own. The resync period is set far beyond the tests, so what lb-service follows it follows
 * because the changes reached its informers.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class LbRoutingIT {

    private static final Duration SOON = Duration.ofSeconds(20);

    @Inject
    RemoteCacheManager grid;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void routesALoadBalancerServiceToItsReadyEndpointsAndFollowsTheirChanges() throws IOException {
        String namespace = "routing-it";
        Backend a = backend("a");
        Backend b = backend("b");
        int port = freePort();
        int nodePort = freePort();
        objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        put("core/services", namespace, "web", 1, """
                {"metadata":{"namespace":"%s","name":"web","uid":"u-web","resourceVersion":"1"},
                 "spec":{"type":"LoadBalancer","ports":[{"name":"http","port":%d,"nodePort":%d,"targetPort":80}]},
                 "status":{"loadBalancer":{}}}""".formatted(namespace, port, nodePort));
        put("core/endpoints", namespace, "web", 2, endpoints(namespace, a, b));

        await().atMost(SOON).ignoreExceptions().until(() -> greeting(port) != null);
        assertEquals(Set.of("a", "b"), greetings(port, 4), "round-robin over both endpoints");
        assertEquals(Set.of("a", "b"), greetings(nodePort, 4), "the node port too");
        given().get("/lb/v1/stats").then().statusCode(200)
                .body("services.find { it.service.namespace == '" + namespace + "' }.totalConnections",
                        greaterThanOrEqualTo(8))
                .body("listeners.findAll { it.service.namespace == '" + namespace + "' }.bound",
                        equalTo(List.of(true, true)));

        put("core/endpoints", namespace, "web", 3, endpoints(namespace, a));
        await().atMost(SOON).until(() -> greetings(port, 4).equals(Set.of("a")));

        put("core/services", namespace, "web", 4, true, "{}");
        await().atMost(SOON).until(() -> refused(port));
    }

    @Test
    void aServiceWithOnlyNotReadyAddressesRefusesConnectionsAtOnce() throws IOException {
        String namespace = "not-ready-it";
        Backend starting = backend("starting");
        int port = freePort();
        objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        put("core/services", namespace, "web", 1, """
                {"metadata":{"namespace":"%s","name":"web"},
                 "spec":{"type":"LoadBalancer","ports":[{"port":%d}]}}""".formatted(namespace, port));
        put("core/endpoints", namespace, "web", 2, """
                {"metadata":{"namespace":"%s","name":"web"},
                 "subsets":[{"notReadyAddresses":[{"ip":"%s"}],"ports":[{"port":%d}]}]}"""
                .formatted(namespace, starting.ip(), starting.port()));

        await().atMost(SOON).until(() -> listening(port));
        long started = System.nanoTime();
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(5000);
            assertThrows(SocketException.class, () -> client.getInputStream().read());
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(millis < 200, "reset after " + millis + " ms");
    }

    @Test
    void aServiceWhosePortIsTakenIsReportedAndTheOthersServe() throws IOException {
        String namespace = "taken-it";
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        resources.add(squatter);
        int taken = squatter.getLocalPort();
        int free = freePort();
        Backend backend = backend("served");
        objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        for (String name : List.of("blocked", "served")) {
            put("core/services", namespace, name, 1, """
                    {"metadata":{"namespace":"%s","name":"%s"},
                     "spec":{"type":"NodePort","ports":[{"port":80,"nodePort":%d}]}}"""
                    .formatted(namespace, name, name.equals("blocked") ? taken : free));
            put("core/endpoints", namespace, name, 2, """
                    {"metadata":{"namespace":"%s","name":"%s"},
                     "subsets":[{"addresses":[{"ip":"%s"}],"ports":[{"port":%d}]}]}"""
                    .formatted(namespace, name, backend.ip(), backend.port()));
        }

        await().atMost(SOON).untilAsserted(() -> given().get("/lb/v1/stats").then()
                .body("listeners.find { it.address.port == " + taken + " }.bound", equalTo(false))
                .body("listeners.find { it.address.port == " + taken + " }.service.name", equalTo("blocked"))
                .body("listeners.find { it.address.port == " + free + " }.bound", equalTo(true)));
        assertEquals("served", greeting(free));
    }

    private Backend backend(String name) throws IOException {
        TestBackend backend = TestBackend.start(TestBackend.greeting(name));
        resources.add(backend);
        return backend.backend();
    }

    private static String endpoints(String namespace, Backend... backends) {
        List<String> subsets = new ArrayList<>();
        for (Backend backend : backends) {
            subsets.add("{\"addresses\":[{\"ip\":\"" + backend.ip() + "\"}],\"ports\":[{\"name\":\"http\",\"port\":"
                    + backend.port() + "}]}");
        }
        return "{\"metadata\":{\"namespace\":\"" + namespace + "\",\"name\":\"web\"},\"subsets\":["
                + String.join(",", subsets) + "]}";
    }

    private void put(String resource, String namespace, String name, long revision, String json) {
        put(resource, namespace, name, revision, false, json);
    }

    private void put(String resource, String namespace, String name, long revision, boolean deleted, String json) {
        GridObject object = new GridObject(resource, namespace, name, revision, deleted, json);
        objects().put(object.key(), object);
    }

    private RemoteCache<String, GridObject> objects() {
        return GridCaches.open(grid, GridCaches.OBJECTS);
    }

    private static Set<String> greetings(int port, int connections) throws IOException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < connections; i++) {
            names.add(greeting(port));
        }
        return names;
    }

    private static String greeting(int port) throws IOException {
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(5000);
            return readLine(client.getInputStream());
        }
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean refused(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

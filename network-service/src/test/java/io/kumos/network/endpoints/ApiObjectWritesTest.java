package io.kumos.network.endpoints;

import static io.kumos.network.endpoints.TestObjects.JSON;
import static io.kumos.network.endpoints.TestObjects.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;

/**
 * The controller's writes as the api-gateway receives them, from a stand-in HTTP server recording each request:
 * the Kubernetes API paths of Endpoints and EndpointSlices, merge patches, and the statuses the controller reacts
 * to.
 */
class ApiObjectWritesTest {

    /** One request the stand-in received. */
    record Request(String method, String path, String contentType, String body) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ObjectWrites writes;

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        writes = new ApiObjectWrites(new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                JSON, "kumos-network-service"));
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    @Test
    void createsPatchesAndDeletesAtTheKubernetesPaths() {
        writes.create(ManagedKind.ENDPOINTS, "shop", parse("{\"metadata\":{\"name\":\"web\"}}"));
        writes.patch(ManagedKind.ENDPOINT_SLICES, "shop", "web-bcdfg", parse("{\"endpoints\":null}"));
        writes.delete(ManagedKind.ENDPOINT_SLICES, "shop", "web-bcdfg", "", "");
        writes.delete(ManagedKind.ENDPOINTS, "shop", "web", "uid-1", "42");

        assertEquals(List.of(
                new Request("POST", "/api/v1/namespaces/shop/endpoints", "application/json",
                        "{\"metadata\":{\"name\":\"web\"}}"),
                new Request("PATCH", "/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices/web-bcdfg",
                        "application/merge-patch+json", "{\"endpoints\":null}"),
                new Request("DELETE", "/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices/web-bcdfg", null,
                        ""),
                new Request("DELETE", "/api/v1/namespaces/shop/endpoints/web", "application/json",
                        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"uid-1\","
                                + "\"resourceVersion\":\"42\"}}")), requests);
    }

    @Test
    void theApisRefusalsKeepTheirStatus() {
        assertEquals(409, assertThrows(ApiCallException.class, () -> writes.create(ManagedKind.ENDPOINTS, "shop",
                parse("{\"metadata\":{\"name\":\"exists\"}}"))).status());
        assertEquals(404, assertThrows(ApiCallException.class, () -> writes.delete(ManagedKind.ENDPOINTS, "shop",
                "missing", "", "")).status());
        server.stop(0);
        assertEquals(0, assertThrows(ApiCallException.class, () -> writes.delete(ManagedKind.ENDPOINTS, "shop",
                "web", "", "")).status(), "no answer");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body);
        requests.add(request);
        int status = body.contains("exists") ? 409 : request.path().endsWith("/missing") ? 404
                : request.method().equals("POST") ? 201 : 200;
        byte[] answer = (status >= 300 ? "{\"kind\":\"Status\",\"code\":" + status + ",\"message\":\"refused\"}"
                : body.isEmpty() ? "{}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }
}

package io.kumos.grid.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A service's client of the api-gateway: every API object a component writes (a Node, a Lease, a binding, an
 * Event, a pod's status) goes through the API, as ARCHITECTURE.md wants, so validation and the record have one
 * path. Blocking: call it from worker threads only.
 */
public class ApiClient {

    private static final String JSON = "application/json";
    public static final String MERGE_PATCH = "application/merge-patch+json";

    private final URI base;
    private final ObjectMapper json;
    private final String userAgent;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param base      the api-gateway, e.g. {@code http://127.0.0.1:7440}
     * @param userAgent who is calling; the API names the fields it writes after it
     */
    public ApiClient(URI base, ObjectMapper json, String userAgent) {
        this.base = base;
        this.json = json;
        this.userAgent = userAgent;
    }

    /** The object at that path, or empty if there is none (404). */
    public Optional<JsonNode> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(body(response, path));
    }

    /** POSTs a new object to a collection; fails with {@link ApiCallException} (409 if it exists already). */
    public JsonNode create(String collection, JsonNode object) {
        return body(send(HttpRequest.newBuilder(base.resolve(collection)).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(write(object))), collection), collection);
    }

    /** POSTs with no body (an idempotent request such as an address lease), answering the JSON it returns. */
    public JsonNode post(String path) {
        return body(send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), path),
                path);
    }

    /** PATCHes an object (or a subresource) with a patch of that content type. */
    public JsonNode patch(String path, String contentType, JsonNode patch) {
        return body(send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(write(patch))), path), path);
    }

    /** PUTs with no body (an idempotent request such as a lease), answering the JSON it returns. */
    public JsonNode put(String path) {
        return body(send(HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.noBody()), path),
                path);
    }

    /** PUTs a JSON body (an idempotent request such as a lease renewal), answering the JSON it returns. */
    public JsonNode put(String path, JsonNode body) {
        return body(send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))), path), path);
    }

    /** DELETEs an object with these DeleteOptions (the body kubectl sends too), or with no body if null. */
    public JsonNode delete(String path, JsonNode options) {
        HttpRequest.Builder request = options == null
                ? HttpRequest.newBuilder(base.resolve(path)).DELETE()
                : HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", JSON)
                        .method("DELETE", HttpRequest.BodyPublishers.ofString(write(options)));
        return body(send(request, path), path);
    }

    public String base() {
        return base.toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String path) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).header("User-Agent", userAgent)
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiCallException(0, "the api-gateway at " + base + " is unreachable (" + path + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallException(0, "interrupted calling " + path);
        }
    }

    private JsonNode body(HttpResponse<String> response, String path) {
        if (response.statusCode() < 300 && response.body().isEmpty()) {
            return json.missingNode();
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ApiCallException(response.statusCode(), path + " answered " + response.statusCode()
                    + " with a body that is not JSON");
        }
        if (response.statusCode() >= 300) {
            throw new ApiCallException(response.statusCode(), path + ": " + body.path("message").asText(
                    "HTTP " + response.statusCode()));
        }
        return body;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

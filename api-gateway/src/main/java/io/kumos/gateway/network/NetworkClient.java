package io.kumos.gateway.network;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The gateway's HTTP client of network-service's Service allocations ({@code /network/v1/services/<uid>/…}, see
 * network-service's {@code ServiceIpamResource}), at {@code kumos.gateway.network-url}. Never blocks: a Vert.x
 * client whose answers come back on the caller's Vert.x context, where the record's session lives. Every failure is
 * a {@link NetworkException}: network-service's refusals with their reason, anything else (no answer within
 * {@code kumos.gateway.network-timeout}, an unexpected answer) as {@code UNAVAILABLE}.
 */
@ApplicationScoped
public class NetworkClient {

    private final HttpClient http;
    private final String base;
    private final long timeoutMillis;
    private final ObjectMapper json;

    NetworkClient(Vertx vertx, GatewayConfig config, ObjectMapper json) {
        this.base = config.networkUrl().replaceAll("/+$", "");
        this.timeoutMillis = config.networkTimeout().toMillis();
        this.json = json;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMillis));
    }

    /** The Service's cluster IP: the one requested if given, else any; the same one if asked again. */
    public Uni<String> clusterIp(String uid, String service, Optional<String> requested) {
        String query = "?service=" + encode(service) + requested.map(ip -> "&ip=" + encode(ip)).orElse("");
        return call(HttpMethod.POST, services(uid) + "/cluster-ip" + query, null)
                .map(answer -> answer.path("clusterIP").asText());
    }

    /** A node port for each entry: the one given, or any where it is 0; all or none. */
    public Uni<List<Integer>> nodePorts(String uid, String service, List<Integer> wanted) {
        ObjectNode body = json.createObjectNode();
        wanted.forEach(body.putArray("nodePorts")::add);
        return call(HttpMethod.POST, services(uid) + "/node-ports?service=" + encode(service), body.toString())
                .map(answer -> {
                    List<Integer> ports = new ArrayList<>();
                    answer.path("nodePorts").forEach(port -> ports.add(port.asInt()));
                    return ports;
                });
    }

    public Uni<Void> releaseClusterIp(String uid) {
        return call(HttpMethod.DELETE, services(uid) + "/cluster-ip", null).replaceWithVoid();
    }

    public Uni<Void> releaseNodePorts(String uid, Collection<Integer> ports) {
        StringBuilder query = new StringBuilder();
        ports.forEach(port -> query.append(query.isEmpty() ? "?" : "&").append("port=").append(port));
        return call(HttpMethod.DELETE, services(uid) + "/node-ports" + query, null).replaceWithVoid();
    }

    /** Where network-service is, for messages. */
    public String base() {
        return base;
    }

    private Uni<JsonNode> call(HttpMethod method, String path, String body) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(base + path)
                .setTimeout(timeoutMillis);
        Future<JsonNode> answer = http.request(options).compose(request -> {
            if (body == null) {
                return request.send();
            }
            request.putHeader("Content-Type", "application/json");
            return request.send(body);
        }).compose(response -> response.body().map(buffer -> read(response.statusCode(), buffer)));
        return Uni.createFrom().completionStage(answer.toCompletionStage())
                .onFailure(e -> !(e instanceof NetworkException))
                .transform(e -> NetworkException.unavailable("network-service at " + base + " did not answer: "
                        + e.getMessage()));
    }

    private JsonNode read(int status, Buffer buffer) {
        if (status == 204 || (status < 300 && buffer.length() == 0)) {
            return MissingNode.getInstance();
        }
        JsonNode body;
        try {
            body = json.readTree(buffer.toString(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw NetworkException.unavailable("network-service at " + base + " answered " + status
                    + " with a body that is not JSON");
        }
        if (status < 300) {
            return body;
        }
        NetworkException.Reason reason = switch (body.path("reason").asText("")) {
            case "AlreadyAllocated" -> NetworkException.Reason.ALREADY_ALLOCATED;
            case "OutOfRange" -> NetworkException.Reason.OUT_OF_RANGE;
            case "RangeFull" -> NetworkException.Reason.RANGE_FULL;
            default -> NetworkException.Reason.UNAVAILABLE;
        };
        String message = body.path("message").asText(body.toString());
        throw new NetworkException(reason, reason == NetworkException.Reason.UNAVAILABLE
                ? "network-service at " + base + " answered " + status + ": " + message
                : message, body.path("index").asInt(-1));
    }

    private static String services(String uid) {
        return "/network/v1/services/" + encode(uid);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        http.close();
    }
}

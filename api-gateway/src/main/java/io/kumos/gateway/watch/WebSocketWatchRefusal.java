package io.kumos.gateway.watch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.status.StatusResponses;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a watch asked for over WebSocket ({@code Upgrade: websocket} on a {@code ?watch=…} GET) at once with
 * 503 and a Status, ahead of {@link WatchRoute}, which serves watches only as streaming HTTP responses.
 *
 * <p>Why: fabric8's kubernetes-client opens every watch as a WebSocket first and falls back to the streaming GET
 * when the upgrade is refused with 200 or 503. Taken by {@link WatchRoute}, the upgrade was answered 200 with a
 * stream that never ends, and Vert.x's WebSocket client (fabric8's default) waits for the end of a refused
 * upgrade's body, so the informer never started. kube-apiserver serves the WebSocket (one event per text frame);
 * until the watch route does, this makes such clients use the stream at once.
 *
 * <p>Runs on the event loop; it only reads the request's headers and parameters.
 */
@ApplicationScoped
public class WebSocketWatchRefusal {

    private final ObjectMapper json;

    WebSocketWatchRefusal(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(-101).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (request.method() == HttpMethod.GET && request.getParam("watch") != null
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            StatusResponses.send(request.response(), json, ApiException.of(503, "ServiceUnavailable",
                    "watches are not served over WebSocket here: watch with a streaming GET (no Upgrade header)"));
            return;
        }
        routing.next();
    }
}

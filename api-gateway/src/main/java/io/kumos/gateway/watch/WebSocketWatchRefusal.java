package io.kumos.gateway.watch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a watch asked for over WebSocket ({@code Upgrade: websocket} on a {@code ?watch=…} GET) at once, ahead of
 * {@link WatchRoute}, which serves watches only as streaming HTTP responses, with a watch that has already ended:
 * 200 and no event, which the watch protocol allows (a client watches again), without upgrading.
 *
 * <p>Why: fabric8's kubernetes-client opens every watch as a WebSocket first and falls back to the streaming GET
 * when the upgrade is answered with 200 or 503. Taken by {@link WatchRoute}, the upgrade was answered 200 with a
 * stream that never ends, and Vert.x's WebSocket client (fabric8's default) waits for the end of a refused
 * upgrade's body, so the informer never started; a 503 it retries ten times with back-off first (20 s per watch).
 * kube-apiserver serves the WebSocket (one event per text frame); until the watch route does, this makes such
 * clients use the stream at once.
 *
 * <p>Runs on the event loop; it only reads the request's headers and parameters.
 */
@ApplicationScoped
public class WebSocketWatchRefusal {

    void register(@Observes Router router) {
        router.route().order(-101).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (request.method() == HttpMethod.GET && request.getParam("watch") != null
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            request.response().putHeader("Content-Type", "application/json").end();
            return;
        }
        routing.next();
    }
}

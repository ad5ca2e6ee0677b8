package io.kumos.gateway.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request body over kube-apiserver's limit (3 MiB) before it is read, with a 413
 * {@code RequestEntityTooLarge} Status. (A chunked body without a length is still cut off by the HTTP server's
 * own limit, set to the same size.)
 */
@ApplicationScoped
public class BodyLimit {

    private final ObjectMapper json;
    private final long maxBytes;

    BodyLimit(ObjectMapper json, @ConfigProperty(name = "kumos.api.max-body-bytes", defaultValue = "3145728")
            long maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    void register(@Observes Router router) {
        router.route().order(-200).handler(this::check);
    }

    private void check(RoutingContext routing) {
        String length = routing.request().getHeader("Content-Length");
        long bytes;
        try {
            bytes = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            bytes = 0;
        }
        if (bytes <= maxBytes) {
            routing.next();
            return;
        }
        ApiException refused = ApiException.of(413, "RequestEntityTooLarge",
                "Request entity too large: limit is " + maxBytes);
        // The unread body is not worth draining: the connection closes after the answer.
        routing.response().putHeader("Connection", "close");
        StatusResponses.send(routing.response(), json, refused);
    }
}

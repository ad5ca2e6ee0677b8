package io.kumos.gateway.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A refusal written straight to a Vert.x response, for the routes that run ahead of the REST layer (watch, pod
 * streams, the body limit): the same {@code v1.Status} JSON that {@link StatusMappers} answers with.
 */
public final class StatusResponses {

    private StatusResponses() {
    }

    /** The Status as JSON bytes. */
    public static Buffer json(ObjectMapper json, ApiException refused) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(refused.status()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Status that cannot be written as JSON", e);
        }
    }

    /** Answers with the Status; a response already under way can only be cut off. */
    public static void send(HttpServerResponse response, ObjectMapper json, ApiException refused) {
        if (response.ended() || response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(refused.status().getCode()).putHeader("Content-Type", "application/json")
                .end(json(json, refused));
    }
}

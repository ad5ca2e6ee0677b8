package io.kumos.gateway.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.GatewayConfig;
import io.vertx.core.Vertx;

/** The client's failure when nothing listens where network-service should be: a refusal it can word. */
class NetworkClientTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void nobodyListeningIsUnavailableNamingWhere() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        NetworkClient client = new NetworkClient(vertx, config("http://127.0.0.1:" + closed), new ObjectMapper());

        NetworkException failure = assertThrows(NetworkException.class, () -> client.clusterIp("uid", "ns/web",
                Optional.empty()).await().atMost(Duration.ofSeconds(10)));

        assertEquals(NetworkException.Reason.UNAVAILABLE, failure.reason());
        assertTrue(failure.getMessage().startsWith("network-service at http://127.0.0.1:" + closed
                + " did not answer: "), failure.getMessage());
        assertTrue(failure.getMessage().toLowerCase().contains("refused"), failure.getMessage());
    }

    private static GatewayConfig config(String url) {
        return new GatewayConfig() {
            @Override
            public String networkUrl() {
                return url;
            }

            @Override
            public Duration networkTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public long defaultTolerationSeconds() {
                return 5;
            }
        };
    }
}

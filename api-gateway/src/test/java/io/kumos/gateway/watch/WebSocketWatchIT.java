package io.kumos.gateway.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A watch asked for over WebSocket, as fabric8's client asks first, is answered at once with a watch that has
 * ended (200, no event) instead of an upgrade, so that the client falls back to the streaming GET, which serves.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class WebSocketWatchIT {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aWebSocketWatchIsAnsweredWithAnEndedWatchAndTheStreamingWatchServes() throws Exception {
        String path = "/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/namespaces/default/configmaps")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"websocket-watch\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created::body);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class,
                refused.getCause());
        assertEquals(200, handshake.getResponse().statusCode());
        String head = upgradeResponseHead(path);
        assertTrue(head.startsWith("HTTP/1.1 200 OK") && head.toLowerCase().contains("content-length: 0"),
                "an upgrade answered by a watch that has ended, not a stream: " + head);

        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + port + path + "&timeoutSeconds=1")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(new String(stream.body().readAllBytes()).contains("\"type\":\"ADDED\""), "the watch's events");
    }

    /** The head of the response to a WebSocket upgrade of {@code path}, which must come within five seconds. */
    private String upgradeResponseHead(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
                head.append(line).append('\n');
            }
            return head.toString();
        }
    }
}

package io.kumos.gateway.watch;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A watch asked for over WebSocket, as fabric8's client asks first, against the real PostgreSQL: each event is one
 * text frame holding its JSON, the selectors, bookmarks and initial events apply as on the streaming watch, the
 * socket closes at {@code timeoutSeconds}, and options refused before the upgrade are plain HTTP Status answers.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class WebSocketWatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Queued after the last frame, when the server has closed the socket. */
    private static final JsonNode CLOSED = JSON.createObjectNode().put("type", "CLOSED");

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private String ns;

    @BeforeEach
    void namespace(TestInfo test) {
        ns = "ws-watch-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + ns + "\"}}")
                .post("/api/v1/namespaces").then().statusCode(201);
    }

    @Test
    void changesArriveAsTextFramesUntilTheTimeout() throws Exception {
        String from = given().get("/api/v1/namespaces/" + ns + "/configmaps").then().extract()
                .path("metadata.resourceVersion");
        long opened = System.nanoTime();
        BlockingQueue<JsonNode> frames = watch("resourceVersion=" + from
                + "&labelSelector=app%3Dweb&allowWatchBookmarks=true&timeoutSeconds=4");
        create("other", "db");
        create("web", "web");
        given().contentType("application/merge-patch+json").body("{\"data\":{\"k\":\"v\"}}")
                .patch("/api/v1/namespaces/" + ns + "/configmaps/web").then().statusCode(200);
        given().delete("/api/v1/namespaces/" + ns + "/configmaps/web").then().statusCode(200);

        List<JsonNode> changes = new ArrayList<>();
        int bookmarks = 0;
        for (JsonNode frame = next(frames); frame != CLOSED; frame = next(frames)) {
            if (frame.path("type").asText().equals("BOOKMARK")) {
                bookmarks++;
                assertTrue(frame.path("object").path("metadata").path("resourceVersion").asLong()
                        >= Long.parseLong(from), "a bookmark at a revision of the watch: " + frame);
            } else {
                changes.add(frame);
            }
        }
        Duration open = Duration.ofNanos(System.nanoTime() - opened);

        assertEquals(List.of("ADDED web", "MODIFIED web", "DELETED web"), changes.stream()
                .map(change -> change.path("type").asText() + " "
                        + change.path("object").path("metadata").path("name").asText()).toList());
        assertEquals("v", changes.get(1).path("object").path("data").path("k").asText());
        assertTrue(bookmarks > 0, "bookmarks every 500 ms in tests");
        assertTrue(open.compareTo(Duration.ofMillis(3900)) >= 0 && open.compareTo(Duration.ofSeconds(9)) < 0,
                "timeoutSeconds=4 closes the socket after 4 s, not after " + open.toMillis() + " ms");
    }

    @Test
    void aWatchListSendsTheInitialObjectsAndTheirEndBookmark() throws Exception {
        create("existing", "web");
        create("skipped", "db");
        BlockingQueue<JsonNode> frames = watch("sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                + "&allowWatchBookmarks=true&labelSelector=app%3Dweb");
        JsonNode initial = next(frames);
        assertEquals("ADDED", initial.path("type").asText());
        assertEquals("existing", initial.path("object").path("metadata").path("name").asText());
        JsonNode end = next(frames);
        assertEquals("BOOKMARK", end.path("type").asText(), end::toString);
        assertEquals("true", end.path("object").path("metadata").path("annotations")
                .path("k8s.io/initial-events-end").asText());
        create("later", "web");
        JsonNode later = next(frames);
        while (later.path("type").asText().equals("BOOKMARK")) {
            later = next(frames);
        }
        assertEquals("ADDED later", later.path("type").asText() + " "
                + later.path("object").path("metadata").path("name").asText());
    }

    @Test
    void invalidOptionsAreRefusedBeforeTheUpgrade() {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> watch("resourceVersion=abc"));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class,
                refused.getCause());
        assertEquals(400, handshake.getResponse().statusCode());
        refused = assertThrows(ExecutionException.class, () -> watch("sendInitialEvents=true"));
        assertEquals(422, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause())
                .getResponse().statusCode());
    }

    private String create(String name, String app) {
        return given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + app + "\"}},\"data\":{}}")
                .post("/api/v1/namespaces/" + ns + "/configmaps").then().statusCode(201)
                .extract().path("metadata.resourceVersion");
    }

    private static JsonNode next(BlockingQueue<JsonNode> frames) throws InterruptedException {
        JsonNode frame = frames.poll(15, TimeUnit.SECONDS);
        assertNotNull(frame, "no watch event within 15 s");
        return frame;
    }

    /** Opens a WebSocket watch of the namespace's config maps; each text message, parsed, arrives in the queue. */
    private BlockingQueue<JsonNode> watch(String query) throws Exception {
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                + "/api/v1/namespaces/" + ns + "/configmaps?watch=true&" + query), new Frames(frames))
                .get(10, TimeUnit.SECONDS);
        return frames;
    }

    /** Queues each text message as one event; a binary message, or one that is not one JSON object, fails. */
    private static final class Frames implements WebSocket.Listener {

        private final BlockingQueue<JsonNode> frames;
        private final StringBuilder message = new StringBuilder();

        Frames(BlockingQueue<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode event = JSON.readTree(message.toString());
                    frames.add(event.isObject() ? event : JSON.createObjectNode().put("type", "NOT AN OBJECT"));
                } catch (java.io.IOException e) {
                    frames.add(JSON.createObjectNode().put("type", "NOT JSON: " + message));
                }
                message.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            frames.add(JSON.createObjectNode().put("type", "BINARY FRAME"));
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            frames.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            frames.add(CLOSED);
        }
    }
}

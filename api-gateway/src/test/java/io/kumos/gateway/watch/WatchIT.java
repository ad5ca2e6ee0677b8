package io.kumos.gateway.watch;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
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

/** Watches against the real PostgreSQL: what a client streaming {@code ?watch=true} receives. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class WatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Put in a watch's queue after its last line, when the server ended the stream. */
    private static final JsonNode END = JSON.createObjectNode().put("type", "END OF STREAM");

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @jakarta.inject.Inject
    io.kumos.gateway.store.LogCompactor compactor;

    private String ns;

    @BeforeEach
    void namespace(TestInfo test) {
        ns = "watch-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + ns + "\"}}")
                .post("/api/v1/namespaces").then().statusCode(201);
    }

    /** Opens a watch; its lines arrive in the returned queue, as JSON. */
    private BlockingQueue<JsonNode> watch(String query, String accept) throws Exception {
        BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/namespaces/" + ns + "/configmaps?watch=true&" + query));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> {
            Iterator<String> it = response.body().iterator();
            while (it.hasNext()) {
                try {
                    lines.add(JSON.readTree(it.next()));
                } catch (Exception e) {
                    return;
                }
            }
            lines.add(END);
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static JsonNode next(BlockingQueue<JsonNode> lines) throws InterruptedException {
        JsonNode line = lines.poll(15, TimeUnit.SECONDS);
        assertTrue(line != null, "no watch event within 15 s");
        return line;
    }

    private String create(String name, String app) {
        return given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + app + "\"}},\"data\":{}}")
                .post("/api/v1/namespaces/" + ns + "/configmaps").then().statusCode(201)
                .extract().path("metadata.resourceVersion");
    }

    @Test
    void changesArriveInOrderFilteredBySelector() throws Exception {
        String from = given().get("/api/v1/namespaces/" + ns + "/configmaps").then().extract()
                .path("metadata.resourceVersion");
        BlockingQueue<JsonNode> lines = watch("resourceVersion=" + from + "&labelSelector=app%3Dweb", null);
        create("other", "db");
        create("web", "web");
        given().contentType("application/merge-patch+json").body("{\"data\":{\"k\":\"v\"}}")
                .patch("/api/v1/namespaces/" + ns + "/configmaps/web").then().statusCode(200);
        given().delete("/api/v1/namespaces/" + ns + "/configmaps/web").then().statusCode(200);

        JsonNode added = next(lines);
        assertEquals("ADDED", added.path("type").asText());
        assertEquals("web", added.path("object").path("metadata").path("name").asText());
        JsonNode modified = next(lines);
        assertEquals("MODIFIED", modified.path("type").asText());
        assertEquals("v", modified.path("object").path("data").path("k").asText());
        assertEquals("DELETED", next(lines).path("type").asText());
    }

    @Test
    void objectsEnteringAndLeavingTheSelectionAreAddedAndDeleted() throws Exception {
        create("moving", "db");
        BlockingQueue<JsonNode> lines = watch("labelSelector=app%3Dweb", null);
        given().contentType("application/merge-patch+json").body("{\"metadata\":{\"labels\":{\"app\":\"web\"}}}")
                .patch("/api/v1/namespaces/" + ns + "/configmaps/moving").then().statusCode(200);
        JsonNode entered = next(lines);
        assertEquals("ADDED", entered.path("type").asText());
        assertEquals("moving", entered.path("object").path("metadata").path("name").asText());
        given().contentType("application/merge-patch+json").body("{\"metadata\":{\"labels\":{\"app\":\"db\"}}}")
                .patch("/api/v1/namespaces/" + ns + "/configmaps/moving").then().statusCode(200);
        JsonNode left = next(lines);
        assertEquals("DELETED", left.path("type").asText());
        assertEquals("db", left.path("object").path("metadata").path("labels").path("app").asText());
    }

    @Test
    void aResourceVersionOlderThanTheLogIsExpired() throws Throwable {
        String old = create("early", "x");
        create("later", "x");
        long compacted = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                () -> compactor.compact(Duration.ZERO));
        assertTrue(compacted >= Long.parseLong(old), "compaction reached " + compacted);
        // "early" itself is compacted away: a watch from just before it cannot be served.
        BlockingQueue<JsonNode> lines = watch("resourceVersion=" + (Long.parseLong(old) - 1), null);
        JsonNode error = next(lines);
        assertEquals("ERROR", error.path("type").asText());
        assertEquals(410, error.path("object").path("code").asInt());
        assertEquals("Expired", error.path("object").path("reason").asText());
        // The newest change is kept: a watch from the current revision still works.
        String current = given().get("/api/v1/namespaces/" + ns + "/configmaps").then().extract()
                .path("metadata.resourceVersion");
        BlockingQueue<JsonNode> fresh = watch("resourceVersion=" + current, null);
        create("after", "x");
        assertEquals("after", next(fresh).path("object").path("metadata").path("name").asText());
    }

    @Test
    void replaysTheLogFromAnOldResourceVersion() throws Exception {
        String first = create("a", "x");
        create("b", "x");
        BlockingQueue<JsonNode> lines = watch("resourceVersion=" + first, null);
        JsonNode replayed = next(lines);
        assertEquals("ADDED", replayed.path("type").asText());
        assertEquals("b", replayed.path("object").path("metadata").path("name").asText());
    }

    @Test
    void withoutAResourceVersionItStartsWithTheCurrentObjects() throws Exception {
        create("existing", "x");
        BlockingQueue<JsonNode> lines = watch("timeoutSeconds=30", null);
        JsonNode initial = next(lines);
        assertEquals("ADDED", initial.path("type").asText());
        assertEquals("existing", initial.path("object").path("metadata").path("name").asText());
    }

    @Test
    void tablesBookmarksAndTimeouts() throws Exception {
        String from = create("t", "x");
        long opened = System.nanoTime();
        BlockingQueue<JsonNode> lines = watch("resourceVersion=" + from + "&allowWatchBookmarks=true&timeoutSeconds=3",
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        create("u", "x");
        JsonNode added = next(lines);
        assertEquals("Table", added.path("object").path("kind").asText());
        assertEquals("u", added.path("object").path("rows").get(0).path("cells").get(0).asText());
        JsonNode bookmark = next(lines);
        assertEquals("BOOKMARK", bookmark.path("type").asText());
        assertTrue(bookmark.path("object").path("metadata").path("resourceVersion").asLong() > Long.parseLong(from));

        // Bookmarks come every 500 ms in tests: a stream that ignored its timeout would never let this loop end.
        JsonNode line = bookmark;
        while (line != END) {
            line = next(lines);
            assertTrue(line == END || line.path("type").asText().equals("BOOKMARK"), "only bookmarks follow: " + line);
            Duration open = Duration.ofNanos(System.nanoTime() - opened);
            assertTrue(open.compareTo(Duration.ofSeconds(8)) < 0,
                    "timeoutSeconds=3 ends the stream, still open after " + open.toMillis() + " ms");
        }
        Duration open = Duration.ofNanos(System.nanoTime() - opened);
        assertTrue(open.compareTo(Duration.ofMillis(2900)) >= 0,
                "timeoutSeconds=3 ends the stream after 3 s, not after " + open.toMillis() + " ms");
    }

    @Test
    void badParametersAreStatuses() {
        given().get("/api/v1/namespaces/" + ns + "/configmaps?watch=true&resourceVersion=abc").then()
                .statusCode(400).body("kind", org.hamcrest.Matchers.equalTo("Status"));
        given().queryParam("watch", "true").queryParam("fieldSelector", "spec.nope=1")
                .get("/api/v1/namespaces/" + ns + "/configmaps").then()
                .statusCode(400).body("message", org.hamcrest.Matchers.containsString("field label not supported"));
    }
}

package io.kumos.gateway.watch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Streaming lists (WatchList, KEP-3157) against the real PostgreSQL, as client-go 1.35 reflectors and Helm 4 open
 * them: {@code watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true}.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class WatchListIT {

    private static final String WATCH_LIST =
            "watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true";
    private static final String END_ANNOTATION = "k8s.io/initial-events-end";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private String ns;

    @BeforeEach
    void namespace(TestInfo test) {
        // The test's name is too long for a namespace's; its hash is unique enough among these tests.
        ns = "wl-" + Integer.toUnsignedString(test.getTestMethod().orElseThrow().getName().hashCode(), 36);
        given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"name\":\"" + ns + "\",\"labels\":{\"suite\":\"" + ns + "\"}}}")
                .post("/api/v1/namespaces").then().statusCode(201);
    }

    private WatchStream watch(String query) throws Exception {
        return WatchStream.open(port, "/api/v1/namespaces/" + ns + "/configmaps?" + query, null);
    }

    private long create(String name, String app) {
        return Long.parseLong(given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + app + "\"}},\"data\":{}}")
                .post("/api/v1/namespaces/" + ns + "/configmaps").then().statusCode(201)
                .extract().<String>path("metadata.resourceVersion"));
    }

    private void relabel(String name, String app) {
        given().contentType("application/merge-patch+json")
                .body("{\"metadata\":{\"labels\":{\"app\":\"" + app + "\"}}}")
                .patch("/api/v1/namespaces/" + ns + "/configmaps/" + name).then().statusCode(200);
    }

    private long listRevision() {
        return Long.parseLong(given().get("/api/v1/namespaces/" + ns + "/configmaps").then().statusCode(200)
                .extract().<String>path("metadata.resourceVersion"));
    }

    /** The ADDED events up to the end bookmark, which is returned last. */
    private static List<JsonNode> initialEvents(WatchStream stream) throws InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        JsonNode line;
        do {
            line = stream.next();
            events.add(line);
        } while (line.path("type").asText().equals("ADDED"));
        return events;
    }

    /** The next event that is not a periodic bookmark (the test profile sends one every 500 ms). */
    private static JsonNode change(WatchStream stream) throws InterruptedException {
        JsonNode event = stream.next();
        while (event.path("type").asText().equals("BOOKMARK")
                && !event.path("object").path("metadata").path("annotations").has(END_ANNOTATION)) {
            event = stream.next();
        }
        return event;
    }

    private static List<String> names(List<JsonNode> events) {
        return events.stream().map(e -> e.path("object").path("metadata").path("name").asText()).toList();
    }

    private static void assertEvent(String type, String name, JsonNode event) {
        assertEquals(type + " " + name, event.path("type").asText() + " "
                + event.path("object").path("metadata").path("name").asText(), event.toString());
    }

    private static void assertEndBookmark(JsonNode event, long revision) {
        assertEquals("BOOKMARK", event.path("type").asText(), "the initial events end with a bookmark: " + event);
        JsonNode metadata = event.path("object").path("metadata");
        assertEquals("true", metadata.path("annotations").path(END_ANNOTATION).asText(), event.toString());
        assertEquals(revision, metadata.path("resourceVersion").asLong(), "the bookmark's resourceVersion");
        assertEquals("ConfigMap", event.path("object").path("kind").asText());
    }

    @Test
    void initialObjectsInListOrderThenTheEndBookmarkThenTheChangesAfterIt() throws Exception {
        create("b", "web");
        create("a", "web");
        long last = create("c", "db");
        WatchStream stream = watch(WATCH_LIST);
        List<JsonNode> events = initialEvents(stream);
        long listed = listRevision();

        assertEquals(List.of("a", "b", "c", ""), names(events), "ADDED in namespace/name order, then the bookmark");
        JsonNode bookmark = events.get(3);
        long at = bookmark.path("object").path("metadata").path("resourceVersion").asLong();
        assertTrue(at >= last && at <= listed, "the bookmark is at the revision of the list: " + at);
        assertEndBookmark(bookmark, at);

        long added = create("d", "web");
        relabel("a", "db");
        JsonNode next = change(stream);
        assertEvent("ADDED", "d", next);
        assertEquals(added, next.path("object").path("metadata").path("resourceVersion").asLong());
        assertEvent("MODIFIED", "a", change(stream));
    }

    @Test
    void labelAndFieldSelectorsFilterTheInitialEventsAndTheChanges() throws Exception {
        create("web-1", "web");
        create("db-1", "db");
        WatchStream byLabel = watch(WATCH_LIST + "&labelSelector=app%3Dweb");
        WatchStream byField = watch(WATCH_LIST + "&fieldSelector=metadata.name%3Ddb-1");
        List<JsonNode> labelled = initialEvents(byLabel);
        List<JsonNode> fielded = initialEvents(byField);
        assertEquals(List.of("web-1", ""), names(labelled));
        assertEquals(List.of("db-1", ""), names(fielded));

        create("db-2", "db");
        relabel("db-1", "web");
        assertEvent("ADDED", "db-1", change(byLabel));
        assertEvent("MODIFIED", "db-1", change(byField));
        relabel("web-1", "db");
        assertEvent("DELETED", "web-1", change(byLabel));
    }

    @Test
    void aResourceVersionIsAFloorNotAReplay() throws Exception {
        long before = listRevision();
        create("gone", "x");
        given().delete("/api/v1/namespaces/" + ns + "/configmaps/gone").then().statusCode(200);
        create("kept", "x");
        for (String resourceVersion : List.of("0", Long.toString(before))) {
            List<JsonNode> events = initialEvents(watch(WATCH_LIST + "&resourceVersion=" + resourceVersion));
            assertEquals(List.of("kept", ""), names(events),
                    "resourceVersion=" + resourceVersion + " streams the current objects, not the log after it");
            assertTrue(events.get(1).path("object").path("metadata").path("resourceVersion").asLong() > before);
        }
    }

    @Test
    void aResourceVersionNotReachedYetIsATimeoutError() throws Exception {
        long ahead = listRevision() + 1_000_000;
        WatchStream stream = watch(WATCH_LIST + "&resourceVersion=" + ahead);
        JsonNode error = change(stream);
        assertEquals("ERROR", error.path("type").asText(), error.toString());
        assertEquals(504, error.path("object").path("code").asInt());
        assertEquals("Timeout", error.path("object").path("reason").asText());
        assertTrue(error.path("object").path("message").asText().startsWith("Timeout: Too large resource version: "
                + ahead + ", current: "), error.toString());
        assertEquals("ResourceVersionTooLarge",
                error.path("object").path("details").path("causes").get(0).path("reason").asText());
        assertEquals(WatchStream.END, stream.next());
    }

    @Test
    void withoutBookmarksTheInitialEventsRunStraightIntoTheChanges() throws Exception {
        create("first", "x");
        WatchStream stream = watch("watch=1&sendInitialEvents=t&resourceVersionMatch=NotOlderThan");
        assertEvent("ADDED", "first", change(stream));
        create("second", "x");
        assertEvent("ADDED", "second", change(stream));
    }

    @Test
    void sendInitialEventsFalseStartsAtTheCurrentRevisionOrReplaysFromTheGivenOne() throws Exception {
        long before = create("old", "x");
        WatchStream fromNow = watch(WATCH_LIST.replace("sendInitialEvents=true", "sendInitialEvents=false"));
        WatchStream fromBefore = watch(WATCH_LIST.replace("sendInitialEvents=true", "sendInitialEvents=False")
                + "&resourceVersion=" + (before - 1));
        create("new", "x");
        JsonNode first = change(fromNow);
        assertEquals("new", first.path("object").path("metadata").path("name").asText(),
                "no initial events without sendInitialEvents: " + first);
        JsonNode replayed = change(fromBefore);
        assertEquals("old", replayed.path("object").path("metadata").path("name").asText(),
                "the log after the given resourceVersion: " + replayed);
        assertEquals("new", change(fromBefore).path("object").path("metadata").path("name").asText());
    }

    @Test
    void tablesCarryTheInitialObjectsAndTheBookmarkStaysAnObject() throws Exception {
        create("row", "x");
        WatchStream stream = WatchStream.open(port, "/api/v1/namespaces/" + ns + "/configmaps?" + WATCH_LIST,
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        JsonNode added = change(stream);
        assertEquals("ADDED", added.path("type").asText());
        assertEquals("Table", added.path("object").path("kind").asText());
        assertEquals("row", added.path("object").path("rows").get(0).path("cells").get(0).asText());
        JsonNode bookmark = change(stream);
        assertEndBookmark(bookmark, bookmark.path("object").path("metadata").path("resourceVersion").asLong());
        create("later", "x");
        JsonNode later = change(stream);
        assertEquals("Table", later.path("object").path("kind").asText());
        assertEquals("later", later.path("object").path("rows").get(0).path("cells").get(0).asText());
    }

    @Test
    void clusterScopedKindsStreamToo() throws Exception {
        WatchStream stream = WatchStream.open(port, "/api/v1/namespaces?" + WATCH_LIST + "&labelSelector=suite%3D"
                + ns, null);
        List<JsonNode> events = initialEvents(stream);
        assertEquals(List.of(ns, ""), names(events));
        assertEquals("Namespace", events.get(1).path("object").path("kind").asText());
        assertEquals("true", events.get(1).path("object").path("metadata").path("annotations")
                .path(END_ANNOTATION).asText());
        JsonNode more = stream.poll(500);
        assertTrue(more == null || more.path("type").asText().equals("BOOKMARK"), "nothing else matches: " + more);
    }

    @Test
    void theWatchOfOneObjectIsItsCollectionsSelectedByName() throws Exception {
        create("mine", "x");
        create("other", "x");
        WatchStream stream = WatchStream.open(port, "/api/v1/namespaces/" + ns + "/configmaps/mine?" + WATCH_LIST,
                null);
        assertEquals(List.of("mine", ""), names(initialEvents(stream)));
        relabel("other", "y");
        relabel("mine", "y");
        assertEvent("MODIFIED", "mine", change(stream));
        given().urlEncodingEnabled(false)
                .get("/api/v1/namespaces/" + ns + "/configmaps/mine?watch=1&fieldSelector=metadata.name%3Dother")
                .then().statusCode(400).body("message", equalTo("fieldSelector metadata.name doesn't match requested "
                        + "name"));
    }

    @Test
    void invalidCombinationsAreRefusedAsKubeApiserverRefusesThem() {
        String path = "/api/v1/namespaces/" + ns + "/configmaps?";
        invalid(path + "watch=true&sendInitialEvents=true", "resourceVersionMatch: Forbidden: sendInitialEvents "
                + "requires setting resourceVersionMatch to NotOlderThan", "FieldValueForbidden");
        invalid(path + "watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=Exact",
                "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to "
                        + "NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: "
                        + "\"NotOlderThan\"]", "FieldValueForbidden");
        invalid(path + "watch=true&resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: "
                + "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
                "FieldValueForbidden");
        invalid(path + WATCH_LIST + "&continue=abc", "resourceVersionMatch: Forbidden: resourceVersionMatch is "
                + "forbidden when continue is provided", "FieldValueForbidden");
        invalid(path + "sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for "
                + "list", "FieldValueForbidden");
        invalid(path + "resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch "
                + "is forbidden unless resourceVersion is provided", "FieldValueForbidden");
        invalid(path + "resourceVersion=1&resourceVersionMatch=Newest", "resourceVersionMatch: Unsupported value: "
                + "\"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\"", "FieldValueNotSupported");
        invalid(path + "resourceVersion=0&resourceVersionMatch=Exact", "resourceVersionMatch: Forbidden: "
                + "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"", "FieldValueForbidden");
    }

    private static void invalid(String url, String errors, String firstCause) {
        given().get(url).then().statusCode(422)
                .body("kind", equalTo("Status"))
                .body("reason", equalTo("Invalid"))
                .body("message", equalTo("ListOptions.meta.k8s.io \"\" is invalid: " + errors))
                .body("details.group", equalTo("meta.k8s.io"))
                .body("details.kind", equalTo("ListOptions"))
                .body("details.causes[0].reason", equalTo(firstCause))
                .body("details.causes[0].field", equalTo(errors.replace("[", "").split(":")[0]));
    }
}

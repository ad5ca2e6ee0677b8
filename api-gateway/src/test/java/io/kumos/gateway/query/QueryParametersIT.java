package io.kumos.gateway.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.watch.WatchStream;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Query parameters over HTTP, in each kind of route the gateway serves (the REST resources, the watch route, the
 * pod stream route), read as kube-apiserver reads them: its boolean and integer forms, its errors, repeated and
 * unknown parameters.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class QueryParametersIT {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private String ns;
    private String configMaps;

    @BeforeEach
    void namespaceWithTwoConfigMaps(TestInfo test) {
        ns = "qp-" + Integer.toUnsignedString(test.getTestMethod().orElseThrow().getName().hashCode(), 36);
        configMaps = "/api/v1/namespaces/" + ns + "/configmaps";
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + ns + "\"}}")
                .post("/api/v1/namespaces").then().statusCode(201);
        for (String name : List.of("one", "two")) {
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{}}")
                    .post(configMaps).then().statusCode(201);
        }
    }

    @Test
    void everyTrueFormOfWatchIsAWatch() throws Exception {
        for (String watch : List.of("watch=True", "watch=1", "watch=t", "watch=TRUE", "watch", "watch=yes")) {
            WatchStream stream = WatchStream.open(port, configMaps + "?" + watch + "&timeoutSeconds=5", null);
            JsonNode first = stream.next();
            assertEquals("ADDED", first.path("type").asText(), watch + " streams: " + first);
            assertEquals("one", first.path("object").path("metadata").path("name").asText());
        }
    }

    @Test
    void everyFalseFormOfWatchIsAList() {
        for (String watch : List.of("watch=false", "watch=False", "watch=FALSE", "watch=0", "Watch=true")) {
            raw().get(configMaps + "?" + watch).then().statusCode(200)
                    .body("kind", equalTo("ConfigMapList")).body("items", hasSize(2));
        }
    }

    @Test
    void integersAreParsedAsGoParsesThem() {
        badRequest(configMaps + "?limit=abc", "strconv.ParseInt: parsing \"abc\": invalid syntax");
        badRequest(configMaps + "?limit=", "strconv.ParseInt: parsing \"\": invalid syntax");
        badRequest(configMaps + "?limit=99999999999999999999",
                "strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
        badRequest(configMaps + "?watch=true&timeoutSeconds=1.5", "strconv.ParseInt: parsing \"1.5\": invalid syntax");
        badRequest("/api/v1/namespaces/" + ns + "/pods/none/log?tailLines=ten",
                "strconv.ParseInt: parsing \"ten\": invalid syntax");
        raw().delete(configMaps + "/one?gracePeriodSeconds=soon").then().statusCode(400)
                .body("message", equalTo("strconv.ParseInt: parsing \"soon\": invalid syntax"));

        raw().get(configMaps + "?limit=-1").then().statusCode(200).body("items", hasSize(2))
                .body("metadata.continue", nullValue());
        raw().get(configMaps + "?limit=%2B1").then().statusCode(200).body("items", hasSize(1));
        raw().delete(configMaps + "/one?gracePeriodSeconds=-1").then().statusCode(200);
    }

    @Test
    void theFirstOfARepeatedParameterCountsAndUnknownOnesAreIgnored() {
        raw().get(configMaps + "?limit=1&limit=abc").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].metadata.name", equalTo("one"));
        raw().get(configMaps + "?fieldSelector=metadata.name%3Dtwo&fieldSelector=metadata.name%3Done")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].metadata.name", equalTo("two"));
        raw().get(configMaps + "?frobnicate=abc&Limit=1&pretty=maybe").then().statusCode(200)
                .body("items", hasSize(2));
    }

    @Test
    void aNegativeTimeoutEndsTheWatchAtOnce() throws Exception {
        long opened = System.nanoTime();
        WatchStream stream = WatchStream.open(port, configMaps + "?watch=true&timeoutSeconds=-1", null);
        JsonNode line = stream.next();
        while (line != WatchStream.END) {
            line = stream.next();
        }
        Duration open = Duration.ofNanos(System.nanoTime() - opened);
        assertTrue(open.compareTo(Duration.ofSeconds(3)) < 0, "ended after " + open.toMillis() + " ms");
    }

    @Test
    void forceOfAnApplyTakesTheBooleanForms() {
        String path = configMaps + "/one?fieldManager=";
        String apply = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"one\"},"
                + "\"data\":{\"k\":\"%s\"}}";
        raw().contentType("application/apply-patch+yaml").body(apply.formatted("a").getBytes()).patch(path + "alice")
                .then().statusCode(200);
        raw().contentType("application/apply-patch+yaml").body(apply.formatted("b").getBytes()).patch(path + "bob&force=0")
                .then().statusCode(409);
        raw().contentType("application/apply-patch+yaml").body(apply.formatted("b").getBytes()).patch(path + "bob&force=True")
                .then().statusCode(200).body("data.k", equalTo("b"));
    }

    /** A request whose URL is sent as written: RestAssured would encode its {@code %} escapes again. */
    private static RequestSpecification raw() {
        return given().urlEncodingEnabled(false);
    }

    private static void badRequest(String url, String message) {
        raw().get(url).then().statusCode(400).body("kind", equalTo("Status")).body("reason", equalTo("BadRequest"))
                .body("message", equalTo(message));
    }
}

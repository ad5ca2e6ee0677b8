package io.kumos.gateway;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.TestInfo;

import io.restassured.http.ContentType;

/** Each test works in a namespace of its own, named after the test method. */
public final class TestNamespaces {

    private TestNamespaces() {
    }

    /** Creates the test's namespace through the API and returns its name. */
    public static String create(TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "-");
        name = name.length() > 50 ? name.substring(0, 50) : name;
        given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}")
                .post("/api/v1/namespaces").then().statusCode(201);
        return name;
    }
}

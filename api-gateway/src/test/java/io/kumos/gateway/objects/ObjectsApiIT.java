package io.kumos.gateway.objects;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.kumos.gateway.TestNamespaces;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The object endpoints against the real PostgreSQL. Each test works in a namespace named after itself. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class ObjectsApiIT {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private String ns;

    @BeforeEach
    void namespaceOfTheTest(TestInfo test) {
        ns = TestNamespaces.create(test);
    }

    private static String configMap(String name, String data) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"" + name + "\"}},\"data\":" + data + "}";
    }

    private String configMaps() {
        return "/api/v1/namespaces/" + ns + "/configmaps";
    }

    @Test
    void theNamespacesOfEveryClusterExist() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/namespaces").then()
                .statusCode(200)
                .body("kind", equalTo("NamespaceList"))
                .body("items.metadata.name", hasItems("default", "kube-system", "kube-public", "kube-node-lease")));
    }

    @Test
    void createStampsMetadataAndGetReturnsIt() {
        given().contentType(ContentType.JSON).body(configMap("web", "{\"color\":\"blue\"}"))
                .post(configMaps()).then()
                .statusCode(201)
                .body("metadata.uid", notNullValue())
                .body("metadata.namespace", equalTo(ns))
                .body("metadata.resourceVersion", notNullValue())
                .body("metadata.creationTimestamp", notNullValue());
        given().get(configMaps() + "/web").then()
                .statusCode(200).body("data.color", equalTo("blue")).body("kind", equalTo("ConfigMap"));
    }

    @Test
    void generateNameMakesAUniqueName() {
        given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"generateName\":\"job-\"},\"data\":{}}")
                .post(configMaps()).then()
                .statusCode(201).body("metadata.name", org.hamcrest.Matchers.matchesPattern("job-[a-z0-9]{5}"));
    }

    @Test
    void aDuplicateCreateIsAlreadyExists() {
        given().contentType(ContentType.JSON).body(configMap("dup", "{}")).post(configMaps()).then().statusCode(201);
        given().contentType(ContentType.JSON).body(configMap("dup", "{}")).post(configMaps()).then()
                .statusCode(409)
                .body("kind", equalTo("Status"))
                .body("reason", equalTo("AlreadyExists"))
                .body("message", equalTo("configmaps \"dup\" already exists"))
                .body("details.name", equalTo("dup"));
    }

    @Test
    void aStaleResourceVersionIsAConflict() {
        String version = given().contentType(ContentType.JSON).body(configMap("cas", "{\"v\":\"1\"}"))
                .post(configMaps()).then().statusCode(201).extract().path("metadata.resourceVersion");
        String stale = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cas\","
                + "\"resourceVersion\":\"" + version + "\"},\"data\":{\"v\":\"%s\"}}";
        given().contentType(ContentType.JSON).body(stale.formatted("2")).put(configMaps() + "/cas").then()
                .statusCode(200).body("data.v", equalTo("2"));
        given().contentType(ContentType.JSON).body(stale.formatted("3")).put(configMaps() + "/cas").then()
                .statusCode(409).body("reason", equalTo("Conflict"));
        given().get(configMaps() + "/cas").then().body("data.v", equalTo("2"));
    }

    @Test
    void invalidNamesAreInvalidWithFieldCauses() {
        given().contentType(ContentType.JSON).body(configMap("Not_Valid", "{}")).post(configMaps()).then()
                .statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("details.causes.field", contains("metadata.name"))
                .body("message", containsString("a lowercase RFC 1123 subdomain"));
        given().contentType(ContentType.JSON).body("{\"metadata\":{}}").post(configMaps()).then()
                .statusCode(422).body("message", containsString("name or generateName is required"));
        given().get(configMaps() + "/Not_Valid").then().statusCode(404);
    }

    @Test
    void metadataIsValidatedAsKubeApiserverValidatesIt() {
        String labelled = "{\"metadata\":{\"name\":\"meta\",\"labels\":{\"bad key\":\"v\",\"app\":\"-x\"},"
                + "\"ownerReferences\":[{\"kind\":\"Deployment\",\"name\":\"web\",\"uid\":\"u1\"}],"
                + "\"finalizers\":[\"mine\"]}}";
        given().contentType(ContentType.JSON).body(labelled).post(configMaps()).then()
                .statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("details.causes.field", contains("metadata.labels", "metadata.labels",
                        "metadata.ownerReferences.apiVersion", "metadata.finalizers"))
                .body("message", startsWith("ConfigMap \"meta\" is invalid: [metadata.labels: Invalid value: "
                        + "\"bad key\": name part must consist of alphanumeric characters"));
        given().contentType(ContentType.JSON).body(configMap("meta", "{}")).post(configMaps()).then()
                .statusCode(201);
        String tooMuch = "x".repeat(256 * 1024);
        given().contentType("application/merge-patch+json")
                .body("{\"metadata\":{\"annotations\":{\"a\":\"" + tooMuch + "\"}}}")
                .patch(configMaps() + "/meta").then()
                .statusCode(422)
                .body("message", equalTo("ConfigMap \"meta\" is invalid: metadata.annotations: Too long: must have "
                        + "at most 262144 bytes"));
        given().get(configMaps() + "/meta").then().statusCode(200).body("metadata.annotations", nullValue());
    }

    @Test
    void badBodiesAreBadRequests() {
        given().contentType(ContentType.JSON).body("{not json").post(configMaps()).then()
                .statusCode(400).body("reason", equalTo("BadRequest"));
        given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"name\":\"x\",\"namespace\":\"elsewhere\"}}").post(configMaps()).then()
                .statusCode(400).body("message", containsString("does not match the namespace"));
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"x\"}}")
                .post(configMaps()).then()
                .statusCode(400).body("message", containsString("does not match the expected API version"));
        given().contentType(ContentType.JSON).body(configMap("y", "{}")).put(configMaps() + "/x").then()
                .statusCode(400).body("message", containsString("does not match the name"));
    }

    @Test
    void missingThingsAreNotFound() {
        given().get(configMaps() + "/nothing").then()
                .statusCode(404).body("message", equalTo("configmaps \"nothing\" not found"));
        given().get("/api/v1/namespaces/" + ns + "/widgets").then().statusCode(404).body("reason", equalTo("NotFound"));
        given().contentType(ContentType.JSON).body(configMap("a", "{}"))
                .post("/api/v1/namespaces/no-such-namespace/configmaps").then()
                .statusCode(404).body("message", equalTo("namespaces \"no-such-namespace\" not found"));
    }

    @Test
    void listsFilterBySelectorsAndPrintAsTables() {
        given().contentType(ContentType.JSON).body(configMap("one", "{\"a\":\"1\"}")).post(configMaps());
        given().contentType(ContentType.JSON).body(configMap("two", "{\"a\":\"1\",\"b\":\"2\"}")).post(configMaps());
        given().queryParam("labelSelector", "app in (two)").get(configMaps()).then()
                .statusCode(200).body("items.metadata.name", contains("two"));
        given().queryParam("fieldSelector", "metadata.name!=one").get(configMaps()).then()
                .statusCode(200).body("items.metadata.name", contains("two"));
        given().accept(TABLE).get(configMaps()).then()
                .statusCode(200)
                .contentType(containsString("as=Table"))
                .body("kind", equalTo("Table"))
                .body("columnDefinitions.name", contains("Name", "Data", "Age"))
                .body("rows.cells[1][0]", equalTo("two"))
                .body("rows.cells[1][1]", equalTo(2))
                .body("rows[0].object.metadata.namespace", equalTo(ns));
        given().get("/api/v1/configmaps").then().statusCode(200).body("items.metadata.name", hasItems("one", "two"));
    }

    @Test
    void listsComeInChunksWithLimitAndContinue() {
        for (String name : new String[] {"c", "a", "b"}) {
            given().contentType(ContentType.JSON).body(configMap(name, "{}")).post(configMaps()).then().statusCode(201);
        }
        var first = given().queryParam("limit", 2).get(configMaps()).then().statusCode(200)
                .body("items.metadata.name", contains("a", "b"))
                .body("metadata.remainingItemCount", equalTo(1))
                .extract();
        String token = first.path("metadata.continue");
        String revision = first.path("metadata.resourceVersion");
        given().queryParam("limit", 2).queryParam("continue", token).get(configMaps()).then().statusCode(200)
                .body("items.metadata.name", contains("c"))
                .body("metadata.resourceVersion", equalTo(revision))
                .body("metadata", not(org.hamcrest.Matchers.hasKey("continue")));
        given().accept(TABLE).queryParam("limit", 1).get(configMaps()).then().statusCode(200)
                .body("rows", org.hamcrest.Matchers.hasSize(1)).body("metadata.continue", notNullValue());
        given().queryParam("continue", "not-a-token").get(configMaps()).then().statusCode(400);
    }

    @Test
    void chunksWithASelectorHoldOnlyWhatMatchesAndSayNoCount() {
        for (int i = 0; i < 9; i++) {
            String labels = i % 3 == 0 ? "{\"tier\":\"db\"}" : "{\"tier\":\"web\"}";
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"s" + i + "\",\"labels\":" + labels
                    + "},\"data\":{}}").post(configMaps()).then().statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int chunks = 0;
        do {
            var chunk = given().queryParam("limit", 2).queryParam("labelSelector", "tier=web")
                    .queryParam("continue", token).get(configMaps()).then().statusCode(200)
                    .body("metadata", not(org.hamcrest.Matchers.hasKey("remainingItemCount")))
                    .body("items.size()", org.hamcrest.Matchers.lessThanOrEqualTo(2)).extract();
            seen.addAll(chunk.path("items.metadata.name"));
            token = chunk.path("metadata.continue");
            chunks++;
        } while (token != null);
        assertEquals(List.of("s1", "s2", "s4", "s5", "s7", "s8"), seen);
        assertEquals(3, chunks);
    }

    @Test
    void aChunkedListOfAllNamespacesWalksThemInOrder() {
        String other = ns + "-other";
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + other + "\"}}")
                .post("/api/v1/namespaces").then().statusCode(201);
        given().contentType(ContentType.JSON).body(configMap("x", "{}")).post(configMaps()).then().statusCode(201);
        given().contentType(ContentType.JSON).body(configMap("y", "{}"))
                .post("/api/v1/namespaces/" + other + "/configmaps").then().statusCode(201);
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            var chunk = given().queryParam("limit", 1).queryParam("labelSelector", "app in (x,y)")
                    .queryParam("continue", token).get("/api/v1/configmaps").then().statusCode(200).extract();
            List<String> names = chunk.path("items.collect { it.metadata.namespace + '/' + it.metadata.name }");
            seen.addAll(names);
            token = chunk.path("metadata.continue");
        } while (token != null);
        assertEquals(List.of(ns + "/x", other + "/y"), seen, "namespace, then name: a namespace before one it prefixes");
        var whole = given().get("/api/v1/configmaps").then().statusCode(200).extract();
        List<String> all = whole.path("items.collect { it.metadata.namespace + '\\u0000' + it.metadata.name }");
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all, "a whole list is in namespace, then name order");
        assertEquals("ConfigMapList", whole.path("kind"));
        assertEquals(List.of("kind", "apiVersion", "metadata", "items"), List.copyOf(
                ((Map<String, Object>) whole.path("$")).keySet()));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        String big = configMap("big", "{\"blob\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}");
        given().contentType(ContentType.JSON).body(big).post(configMaps()).then()
                .statusCode(413).body("reason", equalTo("RequestEntityTooLarge"))
                .body("message", equalTo("Request entity too large: limit is 3145728"));
        given().get(configMaps() + "/big").then().statusCode(404);
    }

    @Test
    void patchMergesAndDeleteRemoves() {
        given().contentType(ContentType.JSON).body(configMap("p", "{\"a\":\"1\",\"b\":\"2\"}")).post(configMaps());
        given().contentType("application/merge-patch+json").body("{\"data\":{\"a\":null,\"c\":\"3\"}}")
                .patch(configMaps() + "/p").then()
                .statusCode(200).body("data.b", equalTo("2")).body("data.c", equalTo("3"))
                .body("data", not(org.hamcrest.Matchers.hasKey("a")));
        given().contentType("application/json-patch+json").body("[{\"op\":\"add\",\"path\":\"/data/d\",\"value\":\"4\"}]")
                .patch(configMaps() + "/p").then().statusCode(200).body("data.d", equalTo("4"));
        given().contentType("text/plain").body("x").patch(configMaps() + "/p").then().statusCode(415);
        given().delete(configMaps() + "/p").then().statusCode(200).body("metadata.name", equalTo("p"));
        given().get(configMaps() + "/p").then().statusCode(404);
    }

    @Test
    void secretsTakeStringDataAsBase64() {
        given().contentType(ContentType.JSON)
                .body("{\"metadata\":{\"name\":\"s\"},\"stringData\":{\"password\":\"hunter2\"}}")
                .post("/api/v1/namespaces/" + ns + "/secrets").then()
                .statusCode(201)
                .body("type", equalTo("Opaque"))
                .body("data.password", equalTo("aHVudGVyMg=="))
                .body("$", not(org.hamcrest.Matchers.hasKey("stringData")));
    }

    @Test
    void deletingANamespaceDeletesWhatIsInIt() {
        given().contentType(ContentType.JSON).body(configMap("inside", "{}")).post(configMaps()).then().statusCode(201);
        given().delete("/api/v1/namespaces/" + ns).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().get(configMaps() + "/inside").then().statusCode(404);
            given().get("/api/v1/namespaces").then().body("items.metadata.name", not(hasItem(ns)));
        });
    }

    @Test
    void discoveryAndOpenApiServeWhatKubectlReads() {
        given().get("/api").then().statusCode(200).body("kind", equalTo("APIVersions")).body("versions", contains("v1"));
        given().get("/apis").then().statusCode(200).body("kind", equalTo("APIGroupList"));
        given().get("/api/v1").then().statusCode(200)
                .body("groupVersion", equalTo("v1"))
                .body("resources.name", hasItems("namespaces", "configmaps", "secrets", "serviceaccounts", "events"))
                .body("resources.find { it.name == 'configmaps' }.shortNames", contains("cm"))
                .body("resources.find { it.name == 'namespaces' }.namespaced", equalTo(false));
        given().get("/api/v1").then()
                .body("resources.find { it.name == 'pods/eviction' }.group", equalTo("policy"))
                .body("resources.find { it.name == 'pods/eviction' }.kind", equalTo("Eviction"))
                .body("resources.find { it.name == 'pods' }.categories", contains("all"));
        String aggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        String aggregatedV2beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
        given().accept(aggregatedV2 + "," + aggregatedV2beta1 + ",application/json").get("/apis").then()
                .statusCode(200).contentType(aggregatedV2)
                .body("kind", equalTo("APIGroupDiscoveryList"))
                .body("items.metadata.name", hasItems("apps", "batch", "autoscaling", "coordination.k8s.io",
                        "discovery.k8s.io"))
                .body("items.find { it.metadata.name == 'autoscaling' }.versions.version", contains("v2", "v1"))
                .body("items.find { it.metadata.name == 'apps' }.versions[0].resources"
                        + ".find { it.resource == 'deployments' }.subresources.subresource", hasItems("scale", "status"));
        given().accept(aggregatedV2beta1 + ",application/json").get("/api").then()
                .statusCode(200).contentType(aggregatedV2beta1)
                .body("items[0].metadata.name", equalTo(""))
                .body("items[0].versions[0].resources.find { it.resource == 'pods' }.responseKind.kind",
                        equalTo("Pod"));
        given().get("/openapi/v2").then().statusCode(200)
                .contentType("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        String url = given().get("/openapi/v3").then().statusCode(200)
                .extract().path("paths.'api/v1'.serverRelativeURL");
        given().get(url).then().statusCode(200)
                .body("paths.'/api/v1/namespaces/{namespace}/configmaps/{name}'.patch.parameters.name",
                        hasItem("fieldValidation"));
    }
}
